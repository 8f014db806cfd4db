//! Links the server hands out for a phone to open — an enrollment, a customer's
//! survey: on the server's HTTPS address, else the asking page's origin, never
//! plain HTTP off this machine (`cli::accounts::insecure_app_url`); and the link
//! as a QR code to scan off a screen.
use crate::error::ApiError;
use revisit_core::sync::protocol::ErrorCode;

/// The address a link starts with.
pub fn base(https_url: Option<&str>, origin: Option<String>) -> Result<String, ApiError> {
    let base = https_url.map(str::to_owned).or(origin).ok_or_else(|| {
        ApiError::bad(
            ErrorCode::Invalid,
            "the page's origin is needed for the link",
        )
    })?;
    match crate::cli::accounts::insecure_app_url(&base) {
        Some(problem) => Err(ApiError::bad(ErrorCode::InsecureOrigin, problem)),
        None => Ok(base),
    }
}

/// `link` as a QR code, an SVG at least `size` pixels square.
pub fn qr_svg(link: &str, size: u32) -> Result<String, ApiError> {
    Ok(qrcode::QrCode::new(link.as_bytes())
        .map_err(|err| ApiError::Internal(format!("QR code: {err}")))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .build())
}
