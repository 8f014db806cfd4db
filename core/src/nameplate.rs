//! Reading a nameplate's QR code from a greyscale picture, for browsers without a
//! `BarcodeDetector`. The app runs it in a worker of its own (`src/bin/qr_worker.rs`),
//! loaded only when a photo needs it: `rqrr`'s tables are too big for the main bundle.

/// The text of the first QR code found in a greyscale image (one byte a pixel,
/// row by row).
pub fn decode_qr(width: usize, height: usize, luma: &[u8]) -> Option<String> {
    if width == 0 || height == 0 || luma.len() < width * height {
        return None;
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// RGBA pixels (a canvas's) as greyscale, with BT.601's weights in integers.
pub fn luma_from_rgba(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000) as u8
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as a QR code: black modules on white, `scale` pixels each, with
    /// the four-module quiet zone, as RGBA.
    fn qr_rgba(text: &str, scale: usize) -> (usize, Vec<u8>) {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let (modules, quiet) = (code.width(), 4);
        let side = (modules + 2 * quiet) * scale;
        let colors = code.to_colors();
        let mut rgba = vec![255u8; side * side * 4];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = (
                    (x / scale).wrapping_sub(quiet),
                    (y / scale).wrapping_sub(quiet),
                );
                if mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark
                {
                    rgba[(y * side + x) * 4..][..3].copy_from_slice(&[0, 0, 0]);
                }
            }
        }
        (side, rgba)
    }

    #[test]
    fn a_nameplate_code_reads_back_as_its_text() {
        let text = "型号:XGN15-12;出厂编号:S-2025-0001";
        let (side, rgba) = qr_rgba(text, 6);
        let luma = luma_from_rgba(&rgba);
        assert_eq!(luma.len(), side * side);
        assert_eq!(decode_qr(side, side, &luma).as_deref(), Some(text));
    }

    #[test]
    fn nothing_is_read_where_there_is_no_code() {
        assert_eq!(decode_qr(40, 40, &[255; 1600]), None);
        assert_eq!(
            decode_qr(40, 40, &[255; 10]),
            None,
            "fewer pixels than the size says"
        );
        assert_eq!(decode_qr(0, 0, &[]), None);
    }

    #[test]
    fn greyscale_weighs_green_most() {
        assert_eq!(
            luma_from_rgba(&[255, 255, 255, 255, 0, 0, 0, 255]),
            vec![255, 0]
        );
        assert_eq!(
            luma_from_rgba(&[0, 255, 0, 255, 255, 0, 0, 255]),
            vec![149, 76]
        );
    }
}
