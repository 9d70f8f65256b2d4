//! Serde forms of breakdowns and aggregates. Over the built-in causes, per-cause values are maps
//! keyed by the cause's name; over a cause set, the set's labels are stored beside the values.
//! Reading goes through the constructors and [`Aggregate::from_totals`], so it fails the same way.

use core::fmt;

use serde::de::{Error as _, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::aggregate::WEIGHT_BITS;
use super::{Aggregate, Breakdown, Cause, CauseSet, Severity, Totals};
use crate::scoring::dimension::{NamedPairs, RatingValues, collect_pairs, serialize_named};
use crate::scoring::summary::{Units, stored_fixed};

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

/// `{"count": 3, "unattributed": 1, "total_weight": 3.0, "total_weight_exact": "...",
/// "attributed_weight": 2.0, "attributed_weight_exact": "...", "above_floor": {"process": 1.5,
/// ...}, "above_floor_exact": {"process": "...", ...}, "plain": {...}, "plain_exact": {...}}`:
/// each sum as a number to read and as its exact units of 2^-64 in a decimal string, which is
/// what is read back. Without the `_exact` fields (the format before 0.2) the numbers are
/// truncated to the grid.
impl Serialize for Aggregate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Named<V>([V; 5]);
        impl<V: Serialize + Copy> Serialize for Named<V> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serialize_named(s, Cause::iter().zip(self.0))
            }
        }
        let values = |sums: [u128; 5]| Named(sums.map(Totals::<()>::value));
        Form::from_totals(None, self.totals(), values, |sums| Named(sums.map(Units)))
            .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Aggregate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let form =
            Form::<NamedPairs<Cause, f64>, NamedPairs<Cause, Units>>::deserialize(deserializer)?;
        let build = || {
            if form.causes.is_some() {
                return Err(crate::scoring::Error::Inconsistent {
                    field: "causes",
                    value: "a cause set".to_owned(),
                    expected: "none over the built-in causes (read it as Aggregate<CauseSet>)"
                        .to_owned(),
                });
            }
            let sums = |(field, each): (&'static str, &'static str),
                        values: &NamedPairs<Cause, f64>,
                        exact: &Option<NamedPairs<Cause, Units>>| {
                let values = collect_pairs(each, values.0.iter().copied())?;
                let exact = match exact {
                    Some(exact) => Some(collect_pairs(each, exact.0.iter().copied())?),
                    None => None,
                };
                let mut units = [0_u128; 5];
                for (slot, (cause, &value)) in units.iter_mut().zip(values.iter()) {
                    let exact = exact.as_ref().map(|e| e[cause]);
                    *slot = stored_fixed::<WEIGHT_BITS>(field, cause.key(), value, exact)?.units();
                }
                Ok::<_, crate::scoring::Error>(units)
            };
            let above = sums(
                ("above-floor share sum", "above-floor share sum for"),
                &form.above_floor,
                &form.above_floor_exact,
            )?;
            let plain = sums(
                ("plain share sum", "plain share sum for"),
                &form.plain,
                &form.plain_exact,
            )?;
            Aggregate::from_totals(form.totals(above, plain)?)
        };
        build().map_err(D::Error::custom)
    }
}

/// An aggregate's totals, with the per-cause sums as numbers in the form `S` and exactly in the
/// form `E`.
#[derive(Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    bound(deserialize = "S: Deserialize<'de>, E: Deserialize<'de>")
)]
struct Form<S, E> {
    /// The cause set, written first, for aggregates over one (never for the built-in causes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    causes: Option<CauseSet>,
    count: u64,
    unattributed: u64,
    total_weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total_weight_exact: Option<Units>,
    attributed_weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attributed_weight_exact: Option<Units>,
    above_floor: S,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    above_floor_exact: Option<E>,
    plain: S,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plain_exact: Option<E>,
}

impl<S, E> Form<S, E> {
    /// The written form of `totals`, each list of sums as numbers by `values` and exactly by
    /// `exact`.
    fn from_totals<T: Clone>(
        causes: Option<CauseSet>,
        totals: Totals<T>,
        values: impl Fn(T) -> S,
        exact: impl Fn(T) -> E,
    ) -> Self {
        Form {
            causes,
            count: totals.count,
            unattributed: totals.unattributed,
            total_weight: Totals::<()>::value(totals.total_weight_units),
            total_weight_exact: Some(Units(totals.total_weight_units)),
            attributed_weight: Totals::<()>::value(totals.attributed_weight_units),
            attributed_weight_exact: Some(Units(totals.attributed_weight_units)),
            above_floor: values(totals.above_floor.clone()),
            above_floor_exact: Some(exact(totals.above_floor)),
            plain: values(totals.plain.clone()),
            plain_exact: Some(exact(totals.plain)),
        }
    }

    /// The totals read, with the per-cause sums already checked and made exact.
    fn totals<T>(&self, above_floor: T, plain: T) -> crate::scoring::Result<Totals<T>> {
        Ok(Totals {
            count: self.count,
            unattributed: self.unattributed,
            total_weight_units: stored_fixed::<WEIGHT_BITS>(
                "total_weight",
                "the aggregate",
                self.total_weight,
                self.total_weight_exact,
            )?
            .units(),
            attributed_weight_units: stored_fixed::<WEIGHT_BITS>(
                "attributed_weight",
                "the aggregate",
                self.attributed_weight,
                self.attributed_weight_exact,
            )?
            .units(),
            above_floor,
            plain,
        })
    }
}

/// `{"causes": ["billing", "bug"], "count": 2, ..., "above_floor": [1.5, 0.5],
/// "above_floor_exact": ["...", "..."], "plain": [1.1, 0.9], "plain_exact": [...]}`: the sums
/// in the cause set's order, as for the built-in causes.
impl Serialize for Aggregate<CauseSet> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let values = |sums: Vec<u128>| sums.into_iter().map(Totals::<()>::value).collect();
        let exact = |sums: Vec<u128>| sums.into_iter().map(Units).collect();
        let causes = Some(self.causes().clone());
        Form::<Vec<f64>, Vec<Units>>::from_totals(causes, self.totals(), values, exact)
            .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Aggregate<CauseSet> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let form = Form::<Vec<f64>, Vec<Units>>::deserialize(deserializer)?;
        let Some(causes) = &form.causes else {
            return Err(D::Error::missing_field("causes"));
        };
        let build = || {
            let labels: Vec<&str> = causes.labels().collect();
            let sums = |field: &'static str, values: &[f64], exact: &Option<Vec<Units>>| {
                for (what, found) in [
                    ("number of share sums", Some(values.len())),
                    ("number of exact share sums", exact.as_ref().map(Vec::len)),
                ] {
                    if let Some(found) = found
                        && found != labels.len()
                    {
                        return Err(crate::scoring::Error::Mismatch {
                            field: what,
                            found: found.to_string(),
                            expected: labels.len().to_string(),
                        });
                    }
                }
                values
                    .iter()
                    .enumerate()
                    .map(|(i, &value)| {
                        let label = labels.get(i).copied().unwrap_or_default();
                        let exact = exact.as_ref().and_then(|e| e.get(i).copied());
                        stored_fixed::<WEIGHT_BITS>(field, label, value, exact)
                            .map(|sum| sum.units())
                    })
                    .collect::<crate::scoring::Result<Vec<u128>>>()
            };
            let above = sums(
                "above-floor share sum",
                &form.above_floor,
                &form.above_floor_exact,
            )?;
            let plain = sums("plain share sum", &form.plain, &form.plain_exact)?;
            Aggregate::from_totals_with_causes(causes, form.totals(above, plain)?)
        };
        build().map_err(D::Error::custom)
    }
}
