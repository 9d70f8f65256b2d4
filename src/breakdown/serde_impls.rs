//! Serde forms of breakdowns and aggregates. Over the built-in causes, per-cause values are maps
//! keyed by the cause's name; over a cause set, the set's labels are stored beside the values.
//! Reading goes through the constructors and [`Aggregate::from_totals`], so it fails the same way.

use core::fmt;

use serde::de::{Error as _, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Aggregate, Breakdown, Cause, CauseSet, Severity, Totals};
use crate::scoring::dimension::{NamedPairs, RatingValues, collect_pairs, serialize_named};

/// The optional fields every breakdown has.
#[derive(Serialize, Deserialize)]
struct Details {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    severity: Option<Severity>,
}

impl<L: super::CauseList> Breakdown<L> {
    fn details(&self) -> Details {
        Details {
            description: self.description.clone(),
            period: self.period.clone(),
            severity: self.severity,
        }
    }

    fn with_details(self, details: Details) -> Self {
        Breakdown {
            description: details.description,
            period: details.period,
            severity: details.severity,
            ..self
        }
    }
}

/// `{"ratings": {"process": 8, ...}, "description": "...", "period": "2026-11",
/// "severity": 2.0}`; the optional fields are left out when not given. `"scores"` is read as
/// an older name of `"ratings"`.
impl Serialize for Breakdown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Form<'a> {
            ratings: RatingValues<'a, Cause>,
            #[serde(flatten)]
            details: Details,
        }
        Form {
            ratings: RatingValues(&self.ratings()),
            details: self.details(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Breakdown {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Form {
            #[serde(alias = "scores")]
            ratings: NamedPairs<Cause, i64>,
            #[serde(default)]
            description: Option<String>,
            #[serde(default)]
            period: Option<String>,
            #[serde(default)]
            severity: Option<Severity>,
        }
        let form = Form::deserialize(deserializer)?;
        let breakdown = Breakdown::from_pairs(form.ratings.0).map_err(D::Error::custom)?;
        Ok(breakdown.with_details(Details {
            description: form.description,
            period: form.period,
            severity: form.severity,
        }))
    }
}

/// A map read as `(label, value)` pairs, duplicates kept so the constructor can reject them.
struct LabelPairs(Vec<(String, i64)>);

impl<'de> Deserialize<'de> for LabelPairs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;

        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = LabelPairs;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from cause label to rating")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LabelPairs, A::Error> {
                let mut pairs = Vec::new();
                while let Some(label) = map.next_key()? {
                    pairs.push((label, map.next_value()?));
                }
                Ok(LabelPairs(pairs))
            }
        }

        deserializer.deserialize_map(PairsVisitor)
    }
}

/// `{"causes": ["billing", "bug"], "ratings": {"billing": 7, "bug": 1}, ...}`: the cause set,
/// then the ratings by label (a cause left out is rated 1, as in [`CauseSet::breakdown`]).
impl Serialize for Breakdown<CauseSet> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct ByLabel<'a>(&'a Breakdown<CauseSet>);
        impl Serialize for ByLabel<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.causes.len()))?;
                for (label, rating) in self.0.ratings() {
                    map.serialize_entry(label, &rating)?;
                }
                map.end()
            }
        }
        #[derive(Serialize)]
        struct Form<'a> {
            causes: &'a CauseSet,
            ratings: ByLabel<'a>,
            #[serde(flatten)]
            details: Details,
        }
        Form {
            causes: &self.causes,
            ratings: ByLabel(self),
            details: self.details(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Breakdown<CauseSet> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Form {
            causes: CauseSet,
            ratings: LabelPairs,
            #[serde(default)]
            description: Option<String>,
            #[serde(default)]
            period: Option<String>,
            #[serde(default)]
            severity: Option<Severity>,
        }
        let form = Form::deserialize(deserializer)?;
        let pairs = form.ratings.0;
        let breakdown = form
            .causes
            .breakdown(
                pairs
                    .iter()
                    .map(|(label, rating)| (label.as_str(), *rating)),
            )
            .map_err(D::Error::custom)?;
        Ok(breakdown.with_details(Details {
            description: form.description,
            period: form.period,
            severity: form.severity,
        }))
    }
}

/// `{"count": 3, "unattributed": 1, "total_weight": 3.0, "attributed_weight": 2.0,
/// "above_floor": {"process": 1.5, ...}, "plain": {"process": 1.2, ...}}`
impl Serialize for Aggregate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Named([f64; 5]);
        impl Serialize for Named {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use strum::IntoEnumIterator;
                serialize_named(s, Cause::iter().zip(self.0))
            }
        }
        Form::from(self.totals().map(Named)).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Aggregate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let form = Form::<NamedPairs<Cause, f64>>::deserialize(deserializer)?;
        let build = || {
            let above = collect_pairs("above-floor share sum for", form.above_floor.0)?;
            let plain = collect_pairs("plain share sum for", form.plain.0)?;
            Aggregate::from_totals(Totals {
                count: form.count,
                unattributed: form.unattributed,
                total_weight: form.total_weight,
                attributed_weight: form.attributed_weight,
                above_floor: above.into_array(),
                plain: plain.into_array(),
            })
        };
        build().map_err(D::Error::custom)
    }
}

/// An aggregate's totals, with the per-cause sums in the form `S`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Form<S> {
    count: u64,
    unattributed: u64,
    total_weight: f64,
    attributed_weight: f64,
    above_floor: S,
    plain: S,
}

impl<S> From<Totals<S>> for Form<S> {
    fn from(t: Totals<S>) -> Self {
        Form {
            count: t.count,
            unattributed: t.unattributed,
            total_weight: t.total_weight,
            attributed_weight: t.attributed_weight,
            above_floor: t.above_floor,
            plain: t.plain,
        }
    }
}

/// `{"causes": ["billing", "bug"], "count": 2, ..., "above_floor": [1.5, 0.5], "plain":
/// [1.1, 0.9]}`: the sums in the cause set's order.
impl Serialize for Aggregate<CauseSet> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct WithCauses<'a> {
            causes: &'a CauseSet,
            #[serde(flatten)]
            totals: Form<Vec<f64>>,
        }
        WithCauses {
            causes: self.causes(),
            totals: Form::from(self.totals()),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Aggregate<CauseSet> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct WithCauses {
            causes: CauseSet,
            count: u64,
            unattributed: u64,
            total_weight: f64,
            attributed_weight: f64,
            above_floor: Vec<f64>,
            plain: Vec<f64>,
        }
        let form = WithCauses::deserialize(deserializer)?;
        Aggregate::from_totals_with_causes(
            &form.causes,
            Totals {
                count: form.count,
                unattributed: form.unattributed,
                total_weight: form.total_weight,
                attributed_weight: form.attributed_weight,
                above_floor: form.above_floor,
                plain: form.plain,
            },
        )
        .map_err(D::Error::custom)
    }
}
