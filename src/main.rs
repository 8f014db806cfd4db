//! Entry point of the technician's app: Trunk builds this binary for `index.html`.
//! The office's screens are the other binary (`src/bin/office.rs`).
fn main() {
    revisit::mount(revisit::app::field_routes, revisit::edition::Edition::Field);
}
