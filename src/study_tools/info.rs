//! Card info (placeholder).
