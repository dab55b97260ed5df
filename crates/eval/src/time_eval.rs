//! Time-expression evaluation (being written).
