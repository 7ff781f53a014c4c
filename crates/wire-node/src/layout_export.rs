//! `layout()`: crates/wire's layout constants and error codes as one plain object,
//! `{ constants: { C_MAX_HEAD: 0, ... }, errors: { INVALID_METHOD: 1, ... } }`.
//! Used only by test/wire/layout.test.ts to check that src/wire/layout.ts and errors.ts agree
//! with the Rust crate; never on a hot path.

use napi::bindgen_prelude::{JsObjectValue, Object};
use napi::{Env, Result};
use napi_derive::napi;

include!(concat!(env!("OUT_DIR"), "/layout_constants.rs"));

#[napi(catch_unwind)]
pub fn layout(env: &Env) -> Result<Object<'_>> {
    let mut constants = Object::new(env)?;
    for (name, value) in LAYOUT_CONSTANTS {
        constants.set_named_property(name, *value)?;
    }
    let mut errors = Object::new(env)?;
    for code in wire::ErrorCode::ALL {
        errors.set_named_property(&screaming_snake(&format!("{code:?}")), code as u32)?;
    }
    let mut result = Object::new(env)?;
    result.set_named_property("constants", constants)?;
    result.set_named_property("errors", errors)?;
    Ok(result)
}

/// `ContentLengthTooLarge` -> `CONTENT_LENGTH_TOO_LARGE`, the spelling of src/wire/errors.ts.
fn screaming_snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 8);
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::screaming_snake;

    #[test]
    fn camel_case_becomes_screaming_snake() {
        assert_eq!(screaming_snake("ObsFold"), "OBS_FOLD");
        assert_eq!(screaming_snake("ContentLengthWithTransferEncoding"), "CONTENT_LENGTH_WITH_TRANSFER_ENCODING");
    }
}
