//! Authoring (placeholder).
