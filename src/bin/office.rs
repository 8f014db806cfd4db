//! The office app (`crate::office`): Trunk builds this binary for `office.html`.
fn main() {
    revisit::mount(revisit::office::routes, revisit::edition::Edition::Office);
}
