//! A small real PDF for demonstrations, tests and benchmarks (synthetic data).

/// A one-page PDF showing one line of `text` (ASCII reads best), padded with
/// an unreferenced stream of `padding` bytes to reach a wanted size.
pub fn sample_pdf(text: &str, padding: usize) -> Vec<u8> {
    sample_pdf_pages(&[text], padding)
}

/// A PDF with one A4 page per text: the text in black above a black bar (so
/// a rendered page can be told from a blank one), padded as [`sample_pdf`].
pub fn sample_pdf_pages(texts: &[&str], padding: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..texts.len())
        .map(|i| format!("{} 0 R", 4 + 2 * i))
        .collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            texts.len()
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for (i, text) in texts.iter().enumerate() {
        let text: String = text
            .chars()
            .map(|c| {
                if matches!(c, '(' | ')' | '\\') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let stream = format!("BT /F1 28 Tf 60 740 Td ({text}) Tj ET\n0 0 0 rg 60 640 300 40 re f");
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        objects.push(
            format!(
                "<< /Length {} >>\nstream\n{stream}\nendstream",
                stream.len()
            )
            .into_bytes(),
        );
    }
    if padding > 0 {
        // Varied bytes, so the padding does not compress to nothing.
        let mut filler = Vec::with_capacity(padding);
        let mut x: u32 = 0x9e37_79b9;
        while filler.len() < padding {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            filler.push((x >> 24) as u8);
        }
        let mut obj = format!("<< /Length {padding} >>\nstream\n").into_bytes();
        obj.extend_from_slice(&filler);
        obj.extend_from_slice(b"\nendstream");
        objects.push(obj);
    }
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(obj);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_grows_the_file_and_keeps_it_a_pdf() {
        let small = sample_pdf("Compte rendu", 0);
        let big = sample_pdf("Compte rendu", 100_000);
        assert!(small.starts_with(b"%PDF-1.4") && big.ends_with(b"%%EOF\n"));
        assert!(big.len() > small.len() + 100_000);
    }

    #[test]
    fn each_text_is_a_page() {
        let pdf = String::from_utf8(sample_pdf_pages(&["Un", "Deux", "Trois"], 0)).unwrap();
        assert!(pdf.contains("/Count 3") && pdf.contains("(Deux) Tj") && pdf.contains("8 0 R"));
    }
}
