//! CSV that Excel opens correctly in a Chinese locale: UTF-8 with a byte-order
//! mark (without it Excel reads GBK and garbles every Chinese header), CRLF line
//! ends, and a field quoted when it holds a comma, a quote or a line break.

/// The file: the BOM, the header row, then each row.
pub fn csv<R, F>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = F>,
    F: IntoIterator,
    F::Item: AsRef<str>,
{
    let mut out = String::from("\u{feff}");
    line(&mut out, header.iter());
    for row in rows {
        line(&mut out, row.into_iter());
    }
    out
}

fn line<T: AsRef<str>>(out: &mut String, fields: impl Iterator<Item = T>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = field.as_ref();
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bom_a_header_and_quoted_fields_where_needed() {
        let text = super::csv(
            &["客户", "备注"],
            [
                vec!["华东电力", "正常"],
                vec!["西北化工, 二厂", "说\"尽快\"\n处理"],
            ],
        );
        assert_eq!(
            text,
            "\u{feff}客户,备注\r\n华东电力,正常\r\n\"西北化工, 二厂\",\"说\"\"尽快\"\"\n处理\"\r\n"
        );
        assert_eq!(
            super::csv(&["a"], Vec::<Vec<String>>::new()),
            "\u{feff}a\r\n"
        );
    }
}
