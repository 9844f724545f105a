//! Table rows as JSON objects and back, by the table's own column list (PRAGMA table_info), so
//! a journal carries whatever columns a record has, and columns a newer schema added are kept
//! when both sides know them. Table names are constants of this crate, never journal input.

use super::super::Result;
use rusqlite::Connection;
use rusqlite::types::{Value, ValueRef};
use serde_json::{Map, Value as Json};

/// The table's column names, in order.
pub fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!("PRAGMA table_info({table})"))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

fn to_json(v: ValueRef<'_>) -> Json {
    match v {
        ValueRef::Null | ValueRef::Blob(_) => Json::Null,
        ValueRef::Integer(i) => Json::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        ValueRef::Text(t) => Json::String(String::from_utf8_lossy(t).into_owned()),
    }
}

fn to_sql(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(*b as i64),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// The rows of `table` where `key_col = key`, oldest row first, without the `skip` columns.
pub fn rows_json(
    conn: &Connection,
    table: &str,
    key_col: &str,
    key: i64,
    skip: &[&str],
) -> Result<Vec<Json>> {
    let cols: Vec<String> = columns(conn, table)?
        .into_iter()
        .filter(|c| !skip.contains(&c.as_str()))
        .collect();
    let sql = format!(
        "SELECT {} FROM {table} WHERE {key_col} = ?1 ORDER BY rowid",
        cols.iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([key])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut obj = Map::new();
        for (i, c) in cols.iter().enumerate() {
            obj.insert(c.clone(), to_json(r.get_ref(i)?));
        }
        out.push(Json::Object(obj));
    }
    Ok(out)
}

/// Inserts one row from a JSON object: only keys that are columns of `table` (and not in
/// `fixed`, which overrides) are written. Returns the new rowid.
pub fn insert_json(
    conn: &Connection,
    table: &str,
    data: &Json,
    fixed: &[(&str, Value)],
) -> Result<i64> {
    let cols = columns(conn, table)?;
    let empty = Map::new();
    let obj = data.as_object().unwrap_or(&empty);
    let mut names: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    for (name, v) in fixed {
        names.push((*name).to_string());
        values.push(v.clone());
    }
    for c in &cols {
        if fixed.iter().any(|(n, _)| n == c) {
            continue;
        }
        if let Some(v) = obj.get(c) {
            names.push(c.clone());
            values.push(to_sql(v));
        }
    }
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", "),
        (1..=names.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(conn.last_insert_rowid())
}
