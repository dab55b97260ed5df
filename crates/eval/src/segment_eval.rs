//! Sentence-boundary evaluation (being written).
