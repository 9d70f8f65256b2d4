//! The macros that give every named enum of the crate, and of its users, the same text behaviour.
//!
//! [`dimension_enum!`](crate::dimension_enum) is the public one: a user's own compile-time model
//! in a few lines. It is built on `__named_enum!`, which the crate's own enums use through the
//! `named_enum!` shorthand, so the built-in models and a user's model behave identically.
//!
//! The macros are exported, so every path in them goes through `$crate::__private` (the crates
//! the expansion needs, re-exported) or, inside string-valued attributes where `$crate` cannot
//! appear, `::service_quality`, which `lib.rs` also makes valid inside this crate.

/// Declares a compile-time model: an enum of dimensions with the crate's text behaviour and a
/// [`Dimension`](crate::Dimension) implementation, depending on this crate alone.
///
/// Each variant gets a name to show people and a description; doc comments on a variant come
/// first in its docs, then the description. The enum gets:
///
/// - `Debug`, `Clone`, `Copy`, `PartialEq`, `Eq`, `Hash`;
/// - a snake-case canonical text (`FirstImpression` is `first_impression`) through `Display`,
///   `Into<&'static str>` and `key()`;
/// - `FromStr` that ignores ASCII case and fails with
///   [`Error::UnknownName`](crate::Error::UnknownName) listing every accepted name (or the text
///   after `expecting`, when given);
/// - inherent `ALL`, `iter()` (declaration order, which breaks ties), `index()`, `key()`,
///   `name()` and `description()`, so code that only lists or names the dimensions imports
///   nothing;
/// - allocation-free per-dimension storage for the scoring core;
/// - serde through the canonical text (with the crate's `serde` feature).
///
/// A `fn default_policy() -> Policy<Self> { ... }` after the variants sets the policy the model
/// is scored with by default; without it the default is [`Policy::new`](crate::Policy::new) on
/// the 1–5 scale. The crate's own models are declared with this macro.
///
/// The crate must be a dependency under its own name, `service_quality` (the expansion names it).
///
/// # Examples
///
/// ```
/// use service_quality::{Policy, Ratings, Scale, Score};
///
/// service_quality::dimension_enum! {
///     /// What a hotel's front desk is judged on.
///     pub enum Stay as "stay moment" {
///         Welcome("Welcome", "How the guest was greeted on arrival."),
///         /// Checked against the time promised at booking.
///         RoomReady("Room ready", "Whether the room was ready at the promised time."),
///         Farewell("Farewell", "How the guest was seen off."),
///     }
///
///     /// Rated 1 to 10, with the room critical.
///     fn default_policy() -> Policy<Self> {
///         Policy::new(Scale::ONE_TO_TEN).with_critical(Stay::RoomReady, Score::from_const(60.0))
///     }
/// }
///
/// assert_eq!(Stay::RoomReady.key(), "room_ready");
/// assert_eq!(Stay::RoomReady.index(), 1);
/// assert_eq!(Stay::iter().map(Stay::name).collect::<Vec<_>>(), ["Welcome", "Room ready", "Farewell"]);
/// assert_eq!("Room_Ready".parse::<Stay>()?, Stay::RoomReady);
/// assert_eq!(
///     "lobby".parse::<Stay>().unwrap_err().to_string(),
///     "unknown stay moment 'lobby', expected one of: welcome, room_ready, farewell"
/// );
///
/// let ratings = Ratings::from_array(Scale::ONE_TO_TEN, [9, 7, 8])?;
/// let card = ratings.evaluate(&Policy::<Stay>::default())?;
/// assert_eq!(card.focus(), Some(Stay::RoomReady));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[macro_export]
macro_rules! dimension_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $kind:literal $(, expecting $expected:literal)? {
            $(
                $(#[$vmeta:meta])*
                $variant:ident ( $display:literal, $description:literal $(,)? )
            ),+ $(,)?
        }
        $(
            $(#[$pmeta:meta])*
            fn default_policy() -> $policy:ty $policy_body:block
        )?
    ) => {
        $crate::__named_enum! {
            $(#[$meta])*
            $vis enum $name as $kind $(, expecting $expected)? {
                $( $(#[$vmeta])* #[doc = ""] #[doc = $description] $variant ),+
            }
        }

        // The storage's implementation, hidden: users never name it.
        #[doc(hidden)]
        impl $crate::__private::enum_map::Enum for $name {
            type Array<V> = [V; $name::ALL.len()];

            #[inline]
            fn from_usize(value: usize) -> Self {
                match $name::ALL.get(value) {
                    Some(variant) => *variant,
                    None => $crate::__private::enum_map::out_of_bounds(),
                }
            }

            #[inline]
            fn into_usize(self) -> usize {
                self as usize
            }
        }

        #[doc(hidden)]
        impl $crate::__private::Storage for $name {}

        impl $name {
            /// The dimension's position in declaration order, from 0: its place in
            /// [`ALL`](Self::ALL) and in every per-dimension array.
            #[allow(dead_code, reason = "generated for every model; not every crate calls it")]
            #[inline]
            $vis const fn index(self) -> usize {
                self as usize
            }

            /// The name to show people.
            #[allow(dead_code, reason = "generated for every model; not every crate calls it")]
            $vis const fn name(self) -> &'static str {
                match self {
                    $( $name::$variant => $display ),+
                }
            }

            /// What the dimension means, in a sentence or two.
            #[allow(dead_code, reason = "generated for every model; not every crate calls it")]
            $vis const fn description(self) -> &'static str {
                match self {
                    $( $name::$variant => $description ),+
                }
            }
        }

        impl $crate::Dimension for $name {
            const KIND: &'static str = $kind;
            const ALL: &'static [Self] = &$name::ALL;

            #[inline]
            fn index(self) -> usize {
                $name::index(self)
            }

            #[inline]
            fn key(self) -> &'static str {
                $name::key(self)
            }

            #[inline]
            fn name(self) -> &'static str {
                $name::name(self)
            }

            #[inline]
            fn description(self) -> &'static str {
                $name::description(self)
            }

            $(
                $(#[$pmeta])*
                fn default_policy() -> $policy $policy_body
            )?
        }
    };
}

/// The shared expansion behind [`dimension_enum!`](crate::dimension_enum) and the crate's own
/// `named_enum!`: derives, strum's text impls routed to this crate's error, and serde.
#[doc(hidden)]
#[macro_export]
macro_rules! __named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $kind:literal $(, expecting $expected:literal)? {
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
            $crate::__private::strum::Display,
            $crate::__private::strum::EnumString,
            $crate::__private::strum::IntoStaticStr,
        )]
        #[strum(
            crate = "::service_quality::__private::strum",
            serialize_all = "snake_case",
            ascii_case_insensitive,
            parse_err_ty = $crate::Error,
            parse_err_fn = $name::unknown_name
        )]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),*
        }

        impl $name {
            /// Every value, in declaration order.
            #[allow(dead_code, reason = "generated for every named enum; not every crate calls it")]
            $vis const ALL: [$name; $crate::__named_enum!(@count $($variant)*)] =
                [$($name::$variant),*];

            /// Every value, in declaration order.
            #[allow(dead_code, reason = "generated for every named enum; not every crate calls it")]
            #[inline]
            $vis fn iter() -> ::core::iter::Copied<::core::slice::Iter<'static, $name>> {
                const ALL: &[$name] = &$name::ALL;
                ALL.iter().copied()
            }

            /// The canonical snake-case name: the text of `Display`, `FromStr` and serde.
            #[allow(dead_code, reason = "generated for every named enum; not every crate calls it")]
            #[inline]
            $vis fn key(self) -> &'static str {
                self.into()
            }

            /// The error for text that names no variant.
            fn unknown_name(value: &str) -> $crate::Error {
                $crate::__private::unknown_name(
                    $kind,
                    value,
                    $name::iter()
                        .map(<&'static str>::from),
                    $crate::__named_enum!(@expected $($expected)?),
                )
            }
        }

        $crate::__serde_via_str!($name, concat!("a ", $kind, " name"));
    };
    (@count $($variant:ident)*) => { 0 $(+ $crate::__named_enum!(@one $variant))* };
    (@one $variant:ident) => { 1 };
    (@expected $expected:literal) => { ::core::option::Option::Some($expected) };
    (@expected) => { ::core::option::Option::None };
}

/// Implements serde for an enum through its `Display` and `FromStr`, so the serialised text is
/// exactly the canonical name and deserialising reports the same error as parsing. Expands to
/// nothing without the crate's `serde` feature (checked here, in this crate, rather than in the
/// crate that invokes the macro).
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_via_str {
    ($ty:ty, $expecting:expr) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let name: &'static str = self.into();
                serializer.serialize_str(name)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct Visitor;
                impl $crate::__private::serde::de::Visitor<'_> for Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: $crate::__private::serde::de::Error>(
                        self,
                        v: &str,
                    ) -> ::core::result::Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

/// Without the `serde` feature, enums get no serde impls.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_via_str {
    ($ty:ty, $expecting:expr) => {};
}

/// The crate's own shorthand for `__named_enum!`.
///
/// ```text
/// named_enum! {
///     /// Docs for the enum.
///     #[non_exhaustive]
///     pub enum Colour as "colour" {
///         /// Docs for the variant.
///         Red,
///         Green,
///     }
/// }
/// ```
///
/// Extra attributes (more derives, `#[strum(...)]` aliases on variants) pass through unchanged.
/// An `expecting "..."` after the kind replaces the generated list of accepted names in the
/// unknown-name error (to mention aliases, say).
macro_rules! named_enum {
    ($($tokens:tt)*) => {
        $crate::__named_enum! { $($tokens)* }
    };
}

pub(crate) use named_enum;

/// [`dimension_enum!`](crate::dimension_enum) under the scoring core's own path, so the crate's
/// models import it from the core as they import everything else, not from the crate root
/// (where `#[macro_export]` puts the public one). It adds nothing: the built-in models are
/// declared exactly as a user declares theirs.
macro_rules! dimension_enum {
    ($($tokens:tt)*) => {
        $crate::dimension_enum! { $($tokens)* }
    };
}

pub(crate) use dimension_enum;
