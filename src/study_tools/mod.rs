//! The study tools Anki users expect, over the shared [`Study`](crate::study::Study) context:
//! custom study and cram ([`custom`]), leeches ([`leech`]), sibling burying ([`siblings`]), card
//! info ([`info`]) and writing cards from the app ([`authoring`]). Domain only: no terminal, no
//! SQL (that is in `store::study_tools`).

pub mod authoring;
pub mod custom;
pub mod info;
pub mod leech;
pub mod siblings;

#[cfg(test)]
mod tests;
