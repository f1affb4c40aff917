//! Pretty JSON with every object's keys sorted, written straight from a
//! serialisable value: the text `serde_json::to_value` then
//! `serde_json::to_string_pretty` give, without building the tree of
//! values in between (feature `json`).
//!
//! The tree took 24 times the memory of the text it became (`attrib score
//! --format json` at 100 000 items: about 300 MB for 12 MB), and building
//! and freeing it was a fifth of the command's time. Here an object's
//! entries are written where they stand, and only an object whose keys
//! came out of order is rewritten, in order, through one scratch buffer:
//! the memory is the text and a copy of the largest unordered object.
//!
//! What `to_value` does, this does: keys in byte order (a `BTreeMap` of
//! `String`s), a repeated key keeping its last value, `f32` widened to
//! `f64`, a non-finite number as `null`, an enum variant with data as a
//! one-key object, map keys that are integers, characters or booleans
//! written as strings, anything else as a key refused.

use crate::error::{Detail, Error};
use serde::Serialize;
use serde::ser::{self, Impossible};
use std::fmt::{self, Display};
use std::ops::Range;

/// A value as pretty JSON (two-space indent), every object's keys in
/// sorted order: the same text as `serde_json::to_value` followed by
/// `serde_json::to_string_pretty`, without the tree of values between
/// them, so in about the memory of the text alone.
///
/// # Errors
///
/// [`ErrorKind::Serialize`](crate::ErrorKind::Serialize) when the value
/// cannot be written as JSON: its own `Serialize` fails, or a map has a
/// key that is not a string, an integer, a finite number, a character or
/// a boolean (both as `serde_json::to_value` would refuse it).
///
/// # Example
///
/// ```
/// use std::collections::HashMap;
///
/// #[derive(serde::Serialize)]
/// struct Out {
///     zeta: u8,
///     alpha: Vec<f64>,
///     map: HashMap<&'static str, bool>,
/// }
/// let out = Out { zeta: 1, alpha: vec![0.5, f64::NAN], map: HashMap::from([("b", true), ("a", false)]) };
/// let text = attrib::report::sorted_json(&out)?;
/// assert_eq!(
///     text,
///     "{\n  \"alpha\": [\n    0.5,\n    null\n  ],\n  \"map\": {\n    \"a\": false,\n    \"b\": true\n  },\n  \"zeta\": 1\n}"
/// );
/// let tree = serde_json::to_string_pretty(&serde_json::to_value(&out).unwrap()).unwrap();
/// assert_eq!(text, tree);
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn sorted_json<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut w = Writer::default();
    value.serialize(&mut w).map_err(|e| {
        Error::from(Detail::Serialize {
            what: "the output as JSON",
            message: e.0,
        })
    })?;
    // Every byte written is serde_json's escaped text or our own ASCII.
    String::from_utf8(w.out).map_err(|e| {
        Error::from(Detail::Serialize {
            what: "the output as JSON",
            message: e.to_string(),
        })
    })
}

/// Why a value could not be written.
#[derive(Debug)]
struct Failed(String);

impl Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<T: Display>(msg: T) -> Self {
        Failed(msg.to_string())
    }
}

/// One entry of an open object: its key (unescaped, in `Writer::keys`)
/// and its `"key": value` text (in `Writer::out`).
#[derive(Debug, Clone)]
struct Entry {
    key: Range<usize>,
    text: Range<usize>,
}

/// The text so far, and the open objects' entries, kept as stacks so that
/// no object allocates its own.
#[derive(Debug, Default)]
struct Writer {
    out: Vec<u8>,
    /// How many arrays and objects are open: the indent of their entries.
    depth: usize,
    /// The keys of the open objects' entries, unescaped, end to end.
    keys: Vec<u8>,
    /// The open objects' entries, innermost last.
    entries: Vec<Entry>,
    /// Where an object is rewritten in order.
    scratch: Vec<u8>,
}

impl Writer {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// A string, escaped as serde_json escapes it.
    fn string(&mut self, s: &str) -> Result<(), Failed> {
        serde_json::to_writer(&mut self.out, s).map_err(|e| Failed(e.to_string()))
    }

    fn float(&mut self, x: f64) -> Result<(), Failed> {
        serde_json::to_writer(&mut self.out, &x).map_err(|e| Failed(e.to_string()))
    }

    fn integer(&mut self, x: impl Display) {
        use std::io::Write;
        // Writing to a `Vec` cannot fail.
        let _ = write!(self.out, "{x}");
    }

    /// Opens an array or an object.
    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
    }

    /// Starts the next element of an open array or object.
    fn next(&mut self, first: bool) {
        if !first {
            self.out.push(b',');
        }
        self.out.push(b'\n');
        self.indent();
    }

    /// Closes an array or an object; `empty` when it has no element.
    fn close(&mut self, bracket: u8, empty: bool) {
        self.depth -= 1;
        if !empty {
            self.out.push(b'\n');
            self.indent();
        }
        self.out.push(bracket);
    }

    /// An object, open: its entries start at `entries.len()`.
    fn object(&mut self) -> Object<'_> {
        self.open(b'{');
        Object {
            body: self.out.len(),
            base: self.entries.len(),
            keys: self.keys.len(),
            pending: self.keys.len(),
            variant: false,
            w: self,
        }
    }
}

/// An open array (or tuple); `variant` when it is the value of a one-key
/// object (a tuple variant) to close as well.
struct Array<'a> {
    w: &'a mut Writer,
    first: bool,
    variant: bool,
}

impl Array<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        self.w.next(self.first);
        self.first = false;
        value.serialize(&mut *self.w)
    }

    fn end(self) {
        self.w.close(b']', self.first);
        if self.variant {
            self.w.close(b'}', false);
        }
    }
}

/// An open object: where its body starts in the text, where its entries
/// and keys start on their stacks, where the key of a map's next entry
/// starts on the key stack; `variant` as for [`Array`].
struct Object<'a> {
    w: &'a mut Writer,
    body: usize,
    base: usize,
    keys: usize,
    pending: usize,
    variant: bool,
}

impl Object<'_> {
    /// Starts an entry whose key is already on the key stack from `key`.
    fn entry<T: Serialize + ?Sized>(&mut self, key: usize, value: &T) -> Result<(), Failed> {
        let w = &mut *self.w;
        w.next(w.entries.len() == self.base);
        let start = w.out.len();
        let end = w.keys.len();
        let text = std::str::from_utf8(&w.keys[key..end]).map_err(|e| Failed(e.to_string()))?;
        serde_json::to_writer(&mut w.out, text).map_err(|e| Failed(e.to_string()))?;
        w.out.extend_from_slice(b": ");
        value.serialize(&mut *w)?;
        let text = start..w.out.len();
        w.entries.push(Entry {
            key: key..end,
            text,
        });
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Failed> {
        let at = self.w.keys.len();
        self.w.keys.extend_from_slice(key.as_bytes());
        self.entry(at, value)
    }

    /// Closes the object, its entries rewritten in key order (the last of
    /// a repeated key kept) when they were written out of it.
    fn end(self) {
        let Object {
            w,
            body,
            base,
            keys,
            variant,
            ..
        } = self;
        let ordered = w
            .entries
            .get(base..)
            .unwrap_or_default()
            .windows(2)
            .all(|p| w.keys.get(p[0].key.clone()) < w.keys.get(p[1].key.clone()));
        let empty = w.entries.len() == base;
        if !ordered {
            let mut list: Vec<Entry> = w.entries.drain(base..).collect();
            list.sort_by(|a, b| w.keys.get(a.key.clone()).cmp(&w.keys.get(b.key.clone())));
            // Of a run of equal keys, the last written stays.
            let mut kept: Vec<Entry> = Vec::with_capacity(list.len());
            for e in list {
                match kept.last_mut() {
                    Some(last) if w.keys.get(last.key.clone()) == w.keys.get(e.key.clone()) => {
                        *last = e;
                    }
                    _ => kept.push(e),
                }
            }
            let mut scratch = std::mem::take(&mut w.scratch);
            scratch.clear();
            scratch.extend_from_slice(w.out.get(body..).unwrap_or_default());
            w.out.truncate(body);
            for (n, e) in kept.iter().enumerate() {
                w.next(n == 0);
                let text = (e.text.start - body)..(e.text.end - body);
                w.out
                    .extend_from_slice(scratch.get(text).unwrap_or_default());
            }
            w.scratch = scratch;
        }
        w.entries.truncate(base);
        w.keys.truncate(keys);
        w.close(b'}', empty);
        if variant {
            w.close(b'}', false);
        }
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Array<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Failed> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Failed> {
        self.integer(v);
        Ok(())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Failed> {
        self.integer(v);
        Ok(())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Failed> {
        self.integer(v);
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Failed> {
        self.integer(v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Failed> {
        // As `to_value`: a number only within the range of 64 bits.
        if i64::try_from(v).is_ok() || u64::try_from(v).is_ok() {
            self.integer(v);
            Ok(())
        } else {
            Err(Failed("number out of range".to_string()))
        }
    }

    fn serialize_u8(self, v: u8) -> Result<(), Failed> {
        self.integer(v);
        Ok(())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Failed> {
        self.integer(v);
        Ok(())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Failed> {
        self.integer(v);
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Failed> {
        self.integer(v);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Failed> {
        if u64::try_from(v).is_ok() {
            self.integer(v);
            Ok(())
        } else {
            Err(Failed("number out of range".to_string()))
        }
    }

    fn serialize_f32(self, v: f32) -> Result<(), Failed> {
        // `to_value` keeps an `f32` as the `f64` it widens to.
        self.float(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Failed> {
        self.float(v)
    }

    fn serialize_char(self, v: char) -> Result<(), Failed> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Failed> {
        self.string(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Failed> {
        use ser::SerializeSeq;
        let mut a = self.serialize_seq(Some(v.len()))?;
        for b in v {
            a.serialize_element(b)?;
        }
        SerializeSeq::end(a)
    }

    fn serialize_none(self) -> Result<(), Failed> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Failed> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Failed> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Failed> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Failed> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        let mut o = self.object();
        o.field(variant, value)?;
        o.end();
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Array<'a>, Failed> {
        self.open(b'[');
        Ok(Array {
            w: self,
            first: true,
            variant: false,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Array<'a>, Failed> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Array<'a>, Failed> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Array<'a>, Failed> {
        // `{"variant": [...]}`: one key, in order whatever it is.
        self.open(b'{');
        self.next(true);
        self.string(variant)?;
        self.out.extend_from_slice(b": ");
        self.open(b'[');
        Ok(Array {
            w: self,
            first: true,
            variant: true,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'a>, Failed> {
        Ok(self.object())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Object<'a>, Failed> {
        Ok(self.object())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Object<'a>, Failed> {
        self.open(b'{');
        self.next(true);
        self.string(variant)?;
        self.out.extend_from_slice(b": ");
        let mut o = self.object();
        o.variant = true;
        Ok(o)
    }
}

/// The serde traits of a sequence, each one [`Array`]: a trait and its
/// name for adding an element.
macro_rules! array {
    ($($t:ident :: $add:ident),* $(,)?) => {$(
        impl ser::$t for Array<'_> {
            type Ok = ();
            type Error = Failed;

            fn $add<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
                self.element(value)
            }

            fn end(self) -> Result<(), Failed> {
                Array::end(self);
                Ok(())
            }
        }
    )*};
}

array!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Failed;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Failed> {
        // The key goes on the key stack; its entry is made by the value.
        self.pending = self.w.keys.len();
        key.serialize(Key(&mut self.w.keys))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        self.entry(self.pending, value)
    }

    fn end(self) -> Result<(), Failed> {
        Object::end(self);
        Ok(())
    }
}

/// The serde traits of a struct, each one [`Object`] of named fields.
macro_rules! object {
    ($($t:ident),* $(,)?) => {$(
        impl ser::$t for Object<'_> {
            type Ok = ();
            type Error = Failed;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Failed> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), Failed> {
                Object::end(self);
                Ok(())
            }
        }
    )*};
}

object!(SerializeStruct, SerializeStructVariant);

/// Writes a map key, unescaped, onto the key stack: a string as it is, an
/// integer, a finite number, a character or a boolean as its text (as
/// `to_value` does); anything else is refused.
struct Key<'a>(&'a mut Vec<u8>);

fn not_a_key() -> Failed {
    Failed("key must be a string".to_string())
}

impl Key<'_> {
    fn text(self, x: impl Display) -> Result<(), Failed> {
        use std::io::Write;
        let _ = write!(self.0, "{x}");
        Ok(())
    }
}

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = Impossible<(), Failed>;
    type SerializeTuple = Impossible<(), Failed>;
    type SerializeTupleStruct = Impossible<(), Failed>;
    type SerializeTupleVariant = Impossible<(), Failed>;
    type SerializeMap = Impossible<(), Failed>;
    type SerializeStruct = Impossible<(), Failed>;
    type SerializeStructVariant = Impossible<(), Failed>;

    fn serialize_bool(self, v: bool) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Failed> {
        // A finite number as serde_json writes it (`f32` in its own
        // shortest form, unlike a value); no other.
        if !v.is_finite() {
            return Err(Failed("float key must be finite".to_string()));
        }
        serde_json::to_writer(self.0, &v).map_err(|e| Failed(e.to_string()))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Failed> {
        if !v.is_finite() {
            return Err(Failed("float key must be finite".to_string()));
        }
        serde_json::to_writer(self.0, &v).map_err(|e| Failed(e.to_string()))
    }
    fn serialize_char(self, v: char) -> Result<(), Failed> {
        self.text(v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Failed> {
        self.0.extend_from_slice(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Failed> {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Result<(), Failed> {
        Err(not_a_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Failed> {
        Err(not_a_key())
    }
    fn serialize_unit(self) -> Result<(), Failed> {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Failed> {
        Err(not_a_key())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Failed> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Failed> {
        Err(not_a_key())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Failed> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Failed> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Failed> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Failed> {
        Err(not_a_key())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Failed> {
        Err(not_a_key())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Failed> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Failed> {
        Err(not_a_key())
    }
}

#[cfg(test)]
mod tests {
    use super::sorted_json;
    use proptest::prelude::*;
    use serde::Serialize;
    use std::collections::{BTreeMap, HashMap};

    /// The text through the tree of values, as the command line wrote it
    /// before.
    fn through_tree<T: Serialize>(v: &T) -> String {
        serde_json::to_string_pretty(&serde_json::to_value(v).unwrap()).unwrap()
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(f64),
        Tuple(u8, &'static str),
        Struct { z: i32, a: Option<bool> },
    }

    #[derive(Serialize)]
    struct Inner {
        y: u8,
        b: u8,
    }

    #[derive(Serialize)]
    struct Outer {
        zulu: &'static str,
        #[serde(flatten)]
        inner: Inner,
        // A key repeated through `flatten`: the tree keeps the last.
        #[serde(flatten)]
        again: BTreeMap<&'static str, u8>,
        alpha: Vec<Shape>,
        empty_list: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        nothing: Option<u8>,
        unit: (),
        floats: [f64; 5],
        small: f32,
        wide: i128,
        bytes: &'static [u8],
        letter: char,
        ints: HashMap<i64, u8>,
        bools: BTreeMap<bool, u8>,
        text: &'static str,
    }

    #[test]
    fn every_shape_matches_the_tree() {
        let v = Outer {
            zulu: "z",
            inner: Inner { y: 1, b: 2 },
            again: BTreeMap::from([("y", 9), ("a", 3)]),
            alpha: vec![
                Shape::Unit,
                Shape::Newtype(-0.0),
                Shape::Tuple(7, "t"),
                Shape::Struct { z: -3, a: None },
                Shape::Struct {
                    z: 4,
                    a: Some(true),
                },
            ],
            empty_list: Vec::new(),
            empty_map: BTreeMap::new(),
            nothing: None,
            unit: (),
            floats: [0.1, 1e300, f64::NAN, f64::NEG_INFINITY, 1.0],
            small: 0.1,
            wide: -(1 << 40),
            bytes: b"ab",
            letter: '\u{e9}',
            ints: HashMap::from([(10, 1), (-2, 2), (3, 3)]),
            bools: BTreeMap::from([(true, 1), (false, 0)]),
            text: "quote \" backslash \\ tab \t bell \u{7} del \u{7f} \u{202e} \u{1f600}",
        };
        let text = sorted_json(&v).unwrap();
        assert_eq!(text, through_tree(&v));
        // The repeated key keeps its last value, 9, written once.
        assert_eq!(text.matches("\"y\": ").count(), 1);
        assert!(text.contains("\"y\": 9"));
        // `f32` 0.1 widened, as the tree keeps it.
        assert!(text.contains("\"small\": 0.10000000149011612"));
    }

    #[test]
    fn keys_sort_by_bytes_and_escape_on_the_way_out() {
        let v = BTreeMap::from([("b\"", 1), ("a\n", 2), ("\u{e9}", 3), ("Z", 4), ("", 5)]);
        let h: HashMap<&str, i32> = v.clone().into_iter().collect();
        let text = sorted_json(&h).unwrap();
        assert_eq!(text, through_tree(&v));
        assert_eq!(
            text,
            "{\n  \"\": 5,\n  \"Z\": 4,\n  \"a\\n\": 2,\n  \"b\\\"\": 1,\n  \"\u{e9}\": 3\n}"
        );
    }

    #[test]
    fn keys_the_tree_refuses_are_refused() {
        let v = BTreeMap::from([((1, 2), 3)]);
        assert!(serde_json::to_value(&v).is_err());
        let e = sorted_json(&v).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Serialize);
        assert!(e.to_string().contains("key must be a string"), "{e}");
        let nan = HashMap::from([(ordered(f64::NAN), 1)]);
        assert!(serde_json::to_value(&nan).is_err());
        assert!(sorted_json(&nan).is_err());
        let finite = HashMap::from([(ordered(2.5), 1)]);
        assert_eq!(sorted_json(&finite).unwrap(), through_tree(&finite));
        assert_eq!(
            sorted_json(&u128::MAX).unwrap_err().kind(),
            crate::ErrorKind::Serialize
        );
        assert!(serde_json::to_value(u128::MAX).is_err());
    }

    /// A float map key (for the test only: `f64` is not `Hash`).
    #[derive(Debug, Clone, Copy, PartialEq, Serialize)]
    struct F(f64);
    impl Eq for F {}
    impl std::hash::Hash for F {
        fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
            self.0.to_bits().hash(h);
        }
    }
    fn ordered(x: f64) -> F {
        F(x)
    }

    /// Arbitrary JSON: a value tree whose maps come in any key order.
    fn json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            ".{0,6}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                prop::collection::vec(("[a-c\u{e9}\"]{0,3}", inner), 0..6)
                    .prop_map(|pairs| serde_json::Value::Array(vec![pairs_json(pairs)])),
            ]
        })
    }

    /// An object written in the order of its pairs, repeated keys kept.
    fn pairs_json(pairs: Vec<(String, serde_json::Value)>) -> serde_json::Value {
        serde_json::Value::Array(
            pairs
                .into_iter()
                .map(|(k, v)| serde_json::Value::Array(vec![k.into(), v]))
                .collect(),
        )
    }

    /// Serialises `[[key, value], ...]` arrays (as `pairs_json` writes
    /// them) as maps in that order: unsorted keys, repeats included.
    struct AsMaps<'a>(&'a serde_json::Value);

    impl Serialize for AsMaps<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::{SerializeMap, SerializeSeq};
            match self.0 {
                serde_json::Value::Array(items)
                    if !items.is_empty()
                        && items.iter().all(|p| {
                            p.as_array()
                                .is_some_and(|p| p.len() == 2 && p[0].is_string())
                        }) =>
                {
                    let mut m = s.serialize_map(Some(items.len()))?;
                    for p in items {
                        m.serialize_entry(&p[0], &AsMaps(&p[1]))?;
                    }
                    m.end()
                }
                serde_json::Value::Array(items) => {
                    let mut a = s.serialize_seq(Some(items.len()))?;
                    for x in items {
                        a.serialize_element(&AsMaps(x))?;
                    }
                    a.end()
                }
                other => other.serialize(s),
            }
        }
    }

    proptest! {
        #[test]
        fn prop_any_tree_matches_the_tree(v in json()) {
            let direct = sorted_json(&AsMaps(&v)).unwrap();
            prop_assert_eq!(direct, through_tree(&AsMaps(&v)));
        }
    }
}
