//! The closed sets of choices a record holds (a severity, a kind, an
//! examination), each declared once with its stored name and its labels.

/// Declares a closed set of choices with their stored name and FR/EN labels.
macro_rules! choices {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal, $fr:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
        pub enum $name { $(#[serde(rename = $text)] $variant,)+ }

        impl $name {
            /// Every choice, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stored names of every choice, in display order.
            pub const NAMES: &'static [&'static str] = &[$($text,)+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            /// The label in the user's language.
            pub fn label(self, lang: Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($fr, $en),)+ }
            }

            /// Parses the stored name, reporting `field` on failure.
            pub fn parse(field: &'static str, value: &str) -> Result<Self> {
                match value.trim() {
                    $($text => Ok($name::$variant),)+
                    other => Err(ValidationError::new(field, Problem::UnknownChoice { value: other.to_string() })),
                }
            }
        }
    };
}
