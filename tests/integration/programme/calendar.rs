//! Days and periods through the public API: text, day counts and arithmetic agree with each
//! other over the whole supported range.

use proptest::prelude::*;
use service_quality::Error;
use service_quality::programme::{Day, Period};

#[test]
fn days_and_periods_are_send_sync_and_copy() {
    fn assert_traits<T: Send + Sync + Copy>() {}
    assert_traits::<Day>();
    assert_traits::<Period>();
}

#[test]
fn the_first_and_last_supported_days() {
    assert_eq!(Day::MIN, Day::from_ymd(1, 1, 1).unwrap());
    assert_eq!(Day::MAX, Day::from_ymd(9999, 12, 31).unwrap());
    assert_eq!(
        Day::from_epoch_days(Day::MIN.epoch_days() - 1)
            .unwrap_err()
            .to_string(),
        "days since 1970-01-01 is -719163, expected a count in -719162..=2932896 (0001-01-01..=9999-12-31)"
    );
    assert!(matches!(
        Day::from_epoch_days(Day::MAX.epoch_days() + 1),
        Err(Error::IntegerOutOfRange { .. })
    ));
}

#[cfg(feature = "serde")]
#[test]
fn deserialising_rejects_what_parsing_rejects() {
    use crate::common::rejection;
    assert_eq!(
        rejection::<Day>(serde_json::json!("2026-04-31")),
        "day is 31, expected a day in 1..=30 for that month"
    );
    assert_eq!(
        rejection::<Day>(serde_json::json!("31/04/2026")),
        "date is '31/04/2026', expected a date as YYYY-MM-DD"
    );
    assert_eq!(
        rejection::<Period>(serde_json::json!({"first": "2026-12-02", "last": "2026-12-01"})),
        "last day of the period is 2026-12-01, expected a day on or after the first, 2026-12-02"
    );
}

fn any_day() -> impl Strategy<Value = Day> {
    (Day::MIN.epoch_days()..=Day::MAX.epoch_days()).prop_map(|d| Day::from_epoch_days(d).unwrap())
}

proptest! {
    #![proptest_config(crate::common::cases(1000))]

    #[test]
    fn text_counts_and_dates_round_trip(day in any_day()) {
        let (y, m, d) = day.ymd();
        prop_assert_eq!(Day::from_ymd(y, m, d).unwrap(), day);
        prop_assert_eq!((day.year(), day.month(), day.day()), (y, m, d));
        let text = day.to_string();
        prop_assert_eq!(text.len(), 10);
        prop_assert_eq!(text.parse::<Day>().unwrap(), day);
        prop_assert_eq!(Day::from_epoch_days(day.epoch_days()).unwrap(), day);
        #[cfg(feature = "serde")]
        prop_assert_eq!(serde_json::from_str::<Day>(&serde_json::to_string(&day).unwrap()).unwrap(), day);
    }

    #[test]
    fn order_is_the_order_of_dates_and_of_text(a in any_day(), b in any_day()) {
        prop_assert_eq!(a.cmp(&b), a.ymd().cmp(&b.ymd()));
        prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
        prop_assert_eq!(a.cmp(&b), a.epoch_days().cmp(&b.epoch_days()));
    }

    #[test]
    fn adding_days_undoes_counting_them(a in any_day(), b in any_day()) {
        let between = a.days_until(b);
        prop_assert_eq!(a.plus_days(between).unwrap(), b);
        prop_assert_eq!(b.plus_days(-between).unwrap(), a);
        prop_assert_eq!(b.days_until(a), -between);
        let period = Period::new(a.min(b), a.max(b)).unwrap();
        prop_assert_eq!(i64::from(period.days()), between.abs() + 1);
        prop_assert!(period.contains(a) && period.contains(b));
        prop_assert_eq!(period.offset(period.last()), Some(period.days() - 1));
    }

    #[test]
    fn text_of_any_numbers_either_parses_to_them_or_names_the_field(
        y in 0u16..=9999, m in 0u8..=99, d in 0u8..=99,
    ) {
        let text = format!("{y:04}-{m:02}-{d:02}");
        match (text.parse::<Day>(), Day::from_ymd(i32::from(y), m, d)) {
            (Ok(parsed), Ok(built)) => prop_assert_eq!(parsed, built),
            (Err(Error::IntegerOutOfRange { field: a, .. }), Err(Error::IntegerOutOfRange { field: b, .. })) => {
                prop_assert_eq!(a, b);
                prop_assert!(["year", "month", "day"].contains(&a));
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }
}
