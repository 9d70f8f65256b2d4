//! Small internal macros shared by the models.

/// Implements serde for an enum through its `Display` and `FromStr`, so the serialised text is
/// exactly the canonical name and deserialising reports the same error as parsing.
macro_rules! serde_via_str {
    ($ty:ty, $expecting:expr) => {
        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let name: &'static str = self.into();
                serializer.serialize_str(name)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

pub(crate) use serde_via_str;

/// Declares a public enum of named values with the crate's standard text behaviour: the derives
/// every such enum needs, snake-case `Display`, case-insensitive `FromStr` failing with
/// [`Error::UnknownName`](crate::Error::UnknownName), `Into<&'static str>`, iteration, and serde
/// through the same text.
///
/// ```text
/// named_enum! {
///     /// Docs for the enum.
///     #[non_exhaustive]
///     pub enum Colour as "colour", expecting "one of: red, green" {
///         /// Docs for the variant.
///         Red,
///         Green,
///     }
/// }
/// ```
///
/// Extra attributes (more derives, `#[strum(...)]` aliases on variants) pass through unchanged.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $kind:literal, expecting $expected:literal {
            $( $(#[$vmeta:meta])* $variant:ident ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            strum::Display,
            strum::EnumString,
            strum::IntoStaticStr,
            strum::EnumIter,
            strum::EnumCount,
        )]
        #[strum(
            serialize_all = "snake_case",
            ascii_case_insensitive,
            parse_err_ty = $crate::Error,
            parse_err_fn = $name::unknown_name
        )]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),*
        }

        impl $name {
            /// The error for text that names no variant.
            fn unknown_name(value: &str) -> $crate::Error {
                $crate::Error::UnknownName {
                    kind: $kind,
                    value: value.to_owned(),
                    expected: $expected,
                }
            }
        }

        $crate::macros::serde_via_str!($name, concat!("a ", $kind, " name"));
    };
}

pub(crate) use named_enum;
