//! Text helpers of the parser: the control-character scan, line offsets, the stable hash and
//! derived ids.

use std::hash::{Hash, Hasher};

/// Byte offsets (at most a few hundred) of bytes that may start a control character: below
/// 0x20 other than tab, CR and LF, DEL, or 0xC2 (the lead byte of C1 controls). Eight bytes at a
/// time; plain text has none.
pub(super) fn suspect_offsets(bytes: &[u8]) -> Vec<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut out = Vec::new();
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        let Ok(arr) = <[u8; 8]>::try_from(c) else {
            break;
        };
        let x = u64::from_le_bytes(arr);
        let below_space = x.wrapping_sub(LO * 0x20) & !x & HI;
        let y = x ^ (LO * 0x7f);
        let del = y.wrapping_sub(LO) & !y & HI;
        let z = x ^ (LO * 0xc2);
        let c2 = z.wrapping_sub(LO) & !z & HI;
        // Newlines end every line; they are not suspects.
        let n = x ^ (LO * b'\n' as u64);
        let newline = n.wrapping_sub(LO) & !n & HI;
        if (below_space & !newline) | del | c2 != 0 {
            push_suspects(c, base, &mut out);
        }
        base += 8;
        if out.len() > 512 {
            return out;
        }
    }
    push_suspects(chunks.remainder(), base, &mut out);
    out
}

fn push_suspects(c: &[u8], base: usize, out: &mut Vec<usize>) {
    for (k, &b) in c.iter().enumerate() {
        if (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2 {
            out.push(base + k);
        }
    }
}

/// Column (1-based, in characters) of the first control character other than tab, if any.
/// One pass over the bytes: C0 controls, DEL, and C1 controls (U+0080..U+009F, encoded as
/// 0xC2 0x80..0x9F in UTF-8).
pub(super) fn control_column(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    // Fast path, eight bytes at a time: plain printable ASCII has no byte below 0x20, no high
    // bit and no 0x7F (DEL).
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let x = u64::from_le_bytes([
            bytes[i],
            bytes[i + 1],
            bytes[i + 2],
            bytes[i + 3],
            bytes[i + 4],
            bytes[i + 5],
            bytes[i + 6],
            bytes[i + 7],
        ]);
        let below_space = x.wrapping_sub(LO * 0x20) & !x & HI;
        let del = (x ^ (LO * 0x7f)).wrapping_sub(LO) & !(x ^ (LO * 0x7f)) & HI;
        if below_space | del | (x & HI) != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() {
        let b = bytes[i];
        if (b < 0x20 && b != b'\t')
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
        {
            return Some(line[..i].chars().count() + 1);
        }
        i += 1;
    }
    None
}

pub(super) fn line_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(text.len() / 40);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push((start, &text[start..nl]));
        start = nl + 1;
    }
    // The piece after the last newline (empty when the file ends with one).
    out.push((start, &text[start..]));
    out
}

/// A stable 64-bit hash (FNV-1a folded through std's hasher is not stable across Rust
/// versions, so this is FNV-1a itself).
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = Fnv(0xcbf29ce484222325);
    bytes.hash(&mut h);
    h.0
}

struct Fnv(u64);
impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes at a time: FNV-1a over words, fast enough for 100 MB of decks.
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0 ^ w).wrapping_mul(0x100000001b3);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0 ^ byte as u64).wrapping_mul(0x100000001b3);
        }
    }
}

/// An id derived from a prompt: lowercase words joined by `-`, at most 60 characters.
pub fn slugify(prompt: &str) -> String {
    let mut out = String::new();
    for c in prompt.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "card".to_string()
    } else {
        out
    }
}
