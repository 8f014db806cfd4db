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

/// One line of a [`LineChart`]: its name, its CSS class, and a value per point
/// (`None`: no value there, and the line breaks).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub class: &'static str,
    pub values: Vec<Option<f64>>,
}

const PLOT_LEFT: f64 = 28.0;
const PLOT_TOP: f64 = 8.0;
const PLOT_HEIGHT: f64 = 120.0;
const LINE_HEIGHT: f64 = 160.0;

/// Lines over points labelled `labels`, on a scale from `low` to `high` with a
/// grid line at each whole step.
#[component]
pub fn LineChart(
    title: String,
    labels: Vec<String>,
    series: Vec<Series>,
    low: f64,
    high: f64,
) -> impl IntoView {
    let n = labels.len().max(2);
    let x = move |i: usize| PLOT_LEFT + (WIDTH - PLOT_LEFT - 12.0) * i as f64 / (n - 1) as f64;
    let y =
        move |v: f64| PLOT_TOP + PLOT_HEIGHT * (1.0 - ((v - low) / (high - low)).clamp(0.0, 1.0));
    let grid = (low as i64..=high as i64)
        .map(|step| {
            let at = y(step as f64);
            view! {
                <line class="chart-grid" x1=PLOT_LEFT x2=WIDTH - 12.0 y1=at y2=at></line>
                <text class="chart-label" x=PLOT_LEFT - 6.0 y=at>{step.to_string()}</text>
            }
        })
        .collect_view();
    let ticks = labels
        .iter()
        .enumerate()
        .map(|(i, label)| view! { <text class="chart-tick" x=x(i) y=PLOT_TOP + PLOT_HEIGHT + 16.0>{label.clone()}</text> })
        .collect_view();
    let lines = series
        .iter()
        .map(|s| {
            // A run of points with values is one polyline; a gap starts another.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) => runs.last_mut().expect("a run").push((x(i), y(*v))),
                    None => runs.push(Vec::new()),
                }
            }
            let paths = runs
                .into_iter()
                .filter(|run| !run.is_empty())
                .map(|run| {
                    let dots = run
                        .iter()
                        .map(|(px, py)| view! { <circle cx=*px cy=*py r="3"></circle> })
                        .collect_view();
                    let points = run
                        .iter()
                        .map(|(px, py)| format!("{px:.1},{py:.1}"))
                        .collect::<Vec<_>>()
                        .join(" ");
                    view! { <polyline points=points></polyline> {dots} }
                })
                .collect_view();
            view! { <g class=format!("chart-series {}", s.class)>{paths}</g> }
        })
        .collect_view();
    let desc = series
        .iter()
        .map(|s| {
            let values = labels
                .iter()
                .zip(&s.values)
                .map(|(l, v)| {
                    format!(
                        "{l} {}",
                        v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {values}", s.name)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let legend = series
        .iter()
        .map(|s| view! { <span class=format!("legend {}", s.class)>{s.name.clone()}</span> })
        .collect_view();
    let (caption, label) = (title.clone(), title.clone());
    view! {
        <figure class="chart">
            <figcaption>{caption} " " {legend}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {LINE_HEIGHT}") role="img" aria-label=label preserveAspectRatio="xMinYMin meet">
                <title>{title}</title>
                <desc>{desc}</desc>
                {grid}
                {ticks}
                {lines}
            </svg>
        </figure>
    }
}
