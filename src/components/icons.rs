//! Inline SVG icons (no icon font: nothing extra to download or cache).
use leptos::prelude::*;

/// The icons the shell uses; each is a 24×24 stroke drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Today,
    Customers,
    Issues,
    Reports,
    Settings,
    Search,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Icon::Today => "M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5 M8 14h3v3H8z",
            Icon::Customers => "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M2 21v-1a6 6 0 0 1 12 0v1 M16 3.5a4 4 0 0 1 0 7.5 M22 21v-1a6 6 0 0 0-4-5.6",
            Icon::Issues => "M12 3l9.5 17h-19z M12 10v4 M12 17.5v.5",
            Icon::Reports => "M4 20V10 M10 20V4 M16 20v-7 M22 20H2",
            Icon::Settings => "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z",
            Icon::Search => "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z M21 21l-5-5",
        }
    }
}

/// Draws an icon; decorative, so hidden from screen readers (the label beside it speaks).
#[component]
pub fn IconSvg(icon: Icon) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=icon.path() />
        </svg>
    }
}
