//! Language identification.
