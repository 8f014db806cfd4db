//! Inline SVG charts a manager reads at a glance, on a phone and on paper:
//! horizontal bars with their values written beside them, and, for a mix, the
//! target as a dashed mark. Each chart is an image with a title, and its figures
//! are also given as text (`<desc>`) for screen readers.
use leptos::prelude::*;

/// One bar: what it counts, how much, how to say it, and the target it is read
/// against (same scale as `value`), if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
    pub target: Option<f64>,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: f64, text: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value,
            text: text.into(),
            target: None,
        }
    }

    pub fn with_target(mut self, target: f64) -> Self {
        self.target = Some(target);
        self
    }
}

const WIDTH: f64 = 320.0;
const LABEL: f64 = 92.0;
const VALUE: f64 = 58.0;
const ROW: f64 = 26.0;

/// Bars scaled to `max` (the largest value or target when not given).
#[component]
pub fn BarChart(
    title: String,
    bars: Vec<Bar>,
    #[prop(optional)] max: Option<f64>,
) -> impl IntoView {
    let top = max.unwrap_or_else(|| {
        bars.iter()
            .flat_map(|b| [b.value, b.target.unwrap_or(0.0)])
            .fold(0.0, f64::max)
    });
    let scale = |v: f64| {
        if top > 0.0 {
            (v / top).clamp(0.0, 1.0) * (WIDTH - LABEL - VALUE)
        } else {
            0.0
        }
    };
    let height = ROW * bars.len().max(1) as f64;
    let desc = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.text))
        .collect::<Vec<_>>()
        .join("; ");
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = i as f64 * ROW;
            let target = bar.target.map(|t| {
                let x = LABEL + scale(t);
                view! {
                    <line class="chart-target" x1=x x2=x y1=y + 2.0 y2=y + ROW - 2.0></line>
                }
            });
            view! {
                <g class="chart-row">
                    <text class="chart-label" x=LABEL - 6.0 y=y + ROW / 2.0>{bar.label.clone()}</text>
                    <rect class="chart-bar" x=LABEL y=y + 5.0 width=scale(bar.value).max(1.0) height=ROW - 10.0></rect>
                    {target}
                    <text class="chart-value" x=LABEL + scale(bar.value.max(bar.target.unwrap_or(0.0))) + 4.0 y=y + ROW / 2.0>{bar.text.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let (caption, label) = (title.clone(), title.clone());
    view! {
        <figure class="chart">
            <figcaption>{caption}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=label preserveAspectRatio="xMinYMin meet">
                <title>{title}</title>
                <desc>{desc}</desc>
                {rows}
            </svg>
        </figure>
    }
}
