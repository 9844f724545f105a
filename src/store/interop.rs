//! SQL for interop and data safety (review-log import/export, backups, doctor).
