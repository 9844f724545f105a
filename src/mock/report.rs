//! Mock reports as markdown.
