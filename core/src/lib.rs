//! Revisit's pure core.
