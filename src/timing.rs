//! User Timing measures (`performance.measure`) around the expensive phases of a
//! start: visible in DevTools' performance panel and read by the browser bench.

/// A phase being timed; measured when dropped.
pub struct Span {
    name: std::borrow::Cow<'static, str>,
}

/// Starts timing `name` (for example `revisit:load`).
pub fn span(name: impl Into<std::borrow::Cow<'static, str>>) -> Span {
    let name = name.into();
    if let Some(p) = performance() {
        let _ = p.mark(&start_mark(&name));
    }
    Span { name }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark(&self.name, &start_mark(&self.name));
        }
    }
}

fn start_mark(name: &str) -> String {
    format!("{name}:start")
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}
