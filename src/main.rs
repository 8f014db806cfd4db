//! Entry point of the web app: Trunk builds this binary to WebAssembly.
fn main() {
    revisit::mount();
}
