//! Civil dates and periods: the days a QA programme plans, reviews and disputes on.

use core::fmt;
use core::str::FromStr;

use crate::scoring::{Error, Result};

/// A civil date, 0001-01-01 to 9999-12-31 (proleptic Gregorian calendar), stored as the number
/// of days since 1970-01-01.
///
/// A day has no time and no time zone: a conversation happened on a day, a dispute was opened
/// on a day, a plan covers the days of a [`Period`]. Which day a conversation belongs to (in
/// whose time zone) is the caller's decision, made once when the data is read.
///
/// Built from a year, month and day ([`from_ymd`](Self::from_ymd)), from its text
/// (`"2026-12-06".parse()`, exactly ISO 8601's `YYYY-MM-DD`, which is also its serde form) or
/// from a day count ([`from_epoch_days`](Self::from_epoch_days)); every one of them validates,
/// and so does deserialising. `Ord` is the order in time; days subtract to a number of days
/// ([`days_until`](Self::days_until)) and move by whole days ([`plus_days`](Self::plus_days),
/// checked).
///
/// The conversion between a date and its day count follows the days-from-civil formula in
/// Howard Hinnant's "chrono-Compatible Low-Level Date Algorithms" (a year taken to begin on
/// 1 March, so the leap day falls last, in 400-year eras of 146,097 days).
///
/// ```
/// use service_quality::programme::{Day, Period};
///
/// let opened: Day = "2026-12-06".parse()?;
/// assert_eq!(opened.ymd(), (2026, 12, 6));
/// let deadline = opened.plus_days(14)?;
/// assert_eq!(deadline.to_string(), "2026-12-20");
/// assert_eq!(opened.days_until(deadline), 14);
/// assert!(Period::month(2026, 12)?.contains(deadline));
///
/// let leap = Day::from_ymd(2000, 2, 29)?;
/// assert_eq!(leap.epoch_days(), 11_016);
/// assert_eq!(Day::from_epoch_days(0)?, Day::from_ymd(1970, 1, 1)?);
/// assert_eq!(Day::from_ymd(1900, 2, 29).unwrap_err().to_string(),
///            "day is 29, expected a day in 1..=28 for that month");
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

/// Days from 0000-03-01 (the start of the era the formula counts from) to 1970-01-01.
const EPOCH_SHIFT: i64 = 719_468;
/// Days in a 400-year era of the Gregorian calendar.
const ERA_DAYS: i64 = 146_097;

impl Day {
    /// The earliest day, 0001-01-01.
    pub const MIN: Day = Day(-719_162);
    /// The latest day, 9999-12-31.
    pub const MAX: Day = Day(2_932_896);
    /// 1970-01-01, day 0 of the count.
    pub const EPOCH: Day = Day(0);

    /// The day `day` of month `month` (1–12) of `year` (1–9999).
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] naming the `"year"`, `"month"` or `"day"` that is out of
    /// range; a day must exist in its month (29 February only in leap years: years divisible
    /// by 4, except centuries not divisible by 400).
    ///
    /// ```
    /// use service_quality::programme::Day;
    ///
    /// assert_eq!(Day::from_ymd(2024, 2, 29)?.to_string(), "2024-02-29");
    /// assert_eq!(Day::from_ymd(2026, 13, 1).unwrap_err().to_string(),
    ///            "month is 13, expected a month in 1..=12");
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Day> {
        if !(1..=9999).contains(&year) {
            return Err(Error::IntegerOutOfRange {
                field: "year",
                value: year.to_string(),
                expected: "a year in 1..=9999",
            });
        }
        if !(1..=12).contains(&month) {
            return Err(Error::IntegerOutOfRange {
                field: "month",
                value: month.to_string(),
                expected: "a month in 1..=12",
            });
        }
        let length = days_in_month(year, month);
        if !(1..=length).contains(&day) {
            return Err(Error::IntegerOutOfRange {
                field: "day",
                value: day.to_string(),
                expected: match length {
                    28 => "a day in 1..=28 for that month",
                    29 => "a day in 1..=29 for that month",
                    30 => "a day in 1..=30 for that month",
                    _ => "a day in 1..=31 for that month",
                },
            });
        }
        // Within 0001-01-01..=9999-12-31 the count fits an i32 with room to spare.
        Ok(Day(days_from_civil(year, month, day) as i32))
    }

    /// The day `days` days after 1970-01-01 (before it, when negative).
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when the day would fall outside 0001-01-01..=9999-12-31,
    /// that is when `days` is outside −719162..=2932896.
    pub fn from_epoch_days(days: i64) -> Result<Day> {
        match i32::try_from(days) {
            Ok(d) if (Day::MIN.0..=Day::MAX.0).contains(&d) => Ok(Day(d)),
            _ => Err(Error::IntegerOutOfRange {
                field: "days since 1970-01-01",
                value: days.to_string(),
                expected: "a count in -719162..=2932896 (0001-01-01..=9999-12-31)",
            }),
        }
    }

    /// The number of days since 1970-01-01 (negative before it).
    pub const fn epoch_days(self) -> i64 {
        self.0 as i64
    }

    /// The year, month (1–12) and day of the month (1–31).
    pub fn ymd(self) -> (i32, u8, u8) {
        civil_from_days(i64::from(self.0))
    }

    /// The year, 1–9999.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.ymd().1
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.ymd().2
    }

    /// How many days from `self` to `later`: positive when `later` is later, negative when it
    /// is earlier, 0 on the same day.
    pub const fn days_until(self, later: Day) -> i64 {
        later.0 as i64 - self.0 as i64
    }

    /// The day `days` days later (earlier, when negative).
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when the result would fall outside
    /// 0001-01-01..=9999-12-31.
    ///
    /// ```
    /// use service_quality::programme::Day;
    ///
    /// let day = Day::from_ymd(2024, 2, 28)?;
    /// assert_eq!(day.plus_days(1)?.to_string(), "2024-02-29");
    /// assert_eq!(day.plus_days(-59)?.to_string(), "2023-12-31");
    /// assert_eq!(Day::MAX.plus_days(1).unwrap_err().to_string(),
    ///            "days added to 9999-12-31 is 1, expected a result in 0001-01-01..=9999-12-31");
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn plus_days(self, days: i64) -> Result<Day> {
        i64::from(self.0)
            .checked_add(days)
            .and_then(|d| Day::from_epoch_days(d).ok())
            .ok_or_else(|| Error::IntegerOutOfRange {
                field: match self {
                    Day::MAX => "days added to 9999-12-31",
                    Day::MIN => "days added to 0001-01-01",
                    _ => "days added to the date",
                },
                value: days.to_string(),
                expected: "a result in 0001-01-01..=9999-12-31",
            })
    }
}

/// Whether `year` has a 29 February.
const fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days of `month` (1–12) in `year`.
const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid date (Hinnant's days_from_civil).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    // Count years from 1 March, so February, with its leap day, ends the year.
    let (month, day) = (i64::from(month), i64::from(day));
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400); // 0..=399
    // Months from March: 0 for March ... 11 for February; their first days follow the
    // 31-30-31-30-31 rhythm that (153 m + 2) / 5 reproduces.
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1; // 0..=365
    let day_of_era = 365 * year_of_era + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * ERA_DAYS + day_of_era - EPOCH_SHIFT
}

/// The date of a day count within the supported range (Hinnant's civil_from_days).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let shifted = days + EPOCH_SHIFT;
    let era = shifted.div_euclid(ERA_DAYS);
    let day_of_era = shifted.rem_euclid(ERA_DAYS); // 0..=146096
    // Removes the era's leap days (one every 4 years, less one every 100, plus the last)
    // before dividing by 365.
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153; // 0..=11
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + i64::from(month <= 2);
    // Within the supported range: year in 1..=9999, month in 1..=12, day in 1..=31.
    (year as i32, month as u8, day as u8)
}

impl fmt::Display for Day {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

impl fmt::Debug for Day {
    /// `Day(2026-12-06)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Day({self})")
    }
}

impl FromStr for Day {
    type Err = Error;

    /// Reads exactly `YYYY-MM-DD`, as [`Display`](fmt::Display) writes it: four digits, two and
    /// two, separated by hyphens.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidText`] for text of any other shape, and the errors of
    /// [`Day::from_ymd`] for a year, month or day out of range.
    fn from_str(text: &str) -> Result<Day> {
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            });
        let number = |range: core::ops::Range<usize>| {
            text.get(range)
                .and_then(|digits| digits.parse::<u16>().ok())
        };
        match (shaped, number(0..4), number(5..7), number(8..10)) {
            (true, Some(year), Some(month), Some(day)) => Day::from_ymd(
                i32::from(year),
                u8::try_from(month).unwrap_or(u8::MAX),
                u8::try_from(day).unwrap_or(u8::MAX),
            ),
            _ => Err(Error::invalid_text("date", text, "a date as YYYY-MM-DD")),
        }
    }
}

impl TryFrom<&str> for Day {
    type Error = Error;

    /// As [`FromStr`].
    fn try_from(text: &str) -> Result<Day> {
        text.parse()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Day {
    /// The text `Display` writes, `YYYY-MM-DD`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Day {
    /// Reads the text `Display` writes, with the same error as `FromStr`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The days from `first` to `last`, both included: a plan's month, a reporting week.
///
/// ```
/// use service_quality::programme::{Day, Period};
///
/// let week = Period::new(Day::from_ymd(2026, 12, 7)?, Day::from_ymd(2026, 12, 13)?)?;
/// assert_eq!(week.days(), 7);
/// assert_eq!(week.to_string(), "2026-12-07..=2026-12-13");
/// let backwards = Period::new(Day::from_ymd(2026, 12, 13)?, Day::from_ymd(2026, 12, 7)?);
/// assert_eq!(
///     backwards.unwrap_err().to_string(),
///     "last day of the period is 2026-12-07, expected a day on or after the first, 2026-12-13"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawPeriod", into = "RawPeriod")
)]
pub struct Period {
    first: Day,
    last: Day,
}

impl Period {
    /// The days from `first` to `last`, both included.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] when `last` is before `first` (a period of one day has
    /// `first == last`).
    pub fn new(first: Day, last: Day) -> Result<Period> {
        if last < first {
            return Err(Error::Inconsistent {
                field: "last day of the period",
                value: last.to_string(),
                expected: format!("a day on or after the first, {first}"),
            });
        }
        Ok(Period { first, last })
    }

    /// The whole of `month` (1–12) of `year`.
    ///
    /// # Errors
    ///
    /// As [`Day::from_ymd`], for a year or month out of range.
    pub fn month(year: i32, month: u8) -> Result<Period> {
        let first = Day::from_ymd(year, month, 1)?;
        let last = Day::from_ymd(year, month, days_in_month(year, month))?;
        Ok(Period { first, last })
    }

    /// The first day.
    pub const fn first(&self) -> Day {
        self.first
    }

    /// The last day.
    pub const fn last(&self) -> Day {
        self.last
    }

    /// The number of days, both ends included (at least 1).
    pub const fn days(&self) -> u32 {
        // At most 3,652,059: the whole supported range.
        (self.first.days_until(self.last) + 1) as u32
    }

    /// Whether `day` is one of the period's days.
    pub fn contains(&self, day: Day) -> bool {
        (self.first..=self.last).contains(&day)
    }

    /// The position of `day` in the period, from 0 for the first day, or `None` outside it.
    pub fn offset(&self, day: Day) -> Option<u32> {
        self.contains(day)
            .then(|| self.first.days_until(day) as u32)
    }
}

impl fmt::Display for Period {
    /// `first..=last`, as in `2026-12-01..=2026-12-31`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..={}", self.first, self.last)
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    first: Day,
    last: Day,
}

#[cfg(feature = "serde")]
impl TryFrom<RawPeriod> for Period {
    type Error = Error;

    fn try_from(raw: RawPeriod) -> Result<Period> {
        Period::new(raw.first, raw.last)
    }
}

#[cfg(feature = "serde")]
impl From<Period> for RawPeriod {
    fn from(period: Period) -> RawPeriod {
        RawPeriod {
            first: period.first,
            last: period.last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks every day from 0001-01-01 to 9999-12-31 with a plain calendar (day + 1, rolling
    /// over months and years by the month lengths) and checks both conversions at each step.
    #[test]
    fn every_day_of_the_supported_range_round_trips_in_step_with_a_plain_calendar() {
        let (mut year, mut month, mut day) = (1i32, 1u8, 1u8);
        let mut count = Day::MIN.epoch_days();
        loop {
            assert_eq!(days_from_civil(year, month, day), count);
            assert_eq!(civil_from_days(count), (year, month, day));
            if (year, month, day) == (9999, 12, 31) {
                break;
            }
            count += 1;
            day += 1;
            if day > days_in_month(year, month) {
                day = 1;
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
        }
        assert_eq!(count, Day::MAX.epoch_days());
        // 9999 years of 365 days plus 2424 leap days (2499 − 99 + 24), less one.
        assert_eq!(Day::MIN.days_until(Day::MAX), 9999 * 365 + 2424 - 1);
    }

    #[test]
    fn known_days() {
        // Python: datetime.date(y, m, d).toordinal() - 719163.
        for ((y, m, d), count) in [
            ((1970, 1, 1), 0),
            ((1969, 12, 31), -1),
            ((2000, 2, 29), 11_016),
            ((2000, 3, 1), 11_017),
            ((1900, 3, 1), -25_508),
            ((2026, 12, 6), 20_793),
            ((1, 1, 1), -719_162),
            ((9999, 12, 31), 2_932_896),
        ] {
            let day = Day::from_ymd(y, m, d).unwrap();
            assert_eq!(day.epoch_days(), count, "{y}-{m}-{d}");
            assert_eq!(day.ymd(), (y, m, d));
            assert_eq!(Day::from_epoch_days(count).unwrap(), day);
        }
        assert_eq!(Day::EPOCH, Day::from_ymd(1970, 1, 1).unwrap());
        assert_eq!(Day::MIN.to_string(), "0001-01-01");
        assert_eq!(Day::MAX.to_string(), "9999-12-31");
        assert_eq!(format!("{:?}", Day::EPOCH), "Day(1970-01-01)");
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        for (year, leap) in [
            (1600, true),
            (1700, false),
            (1900, false),
            (2000, true),
            (2023, false),
            (2024, true),
            (2100, false),
            (2400, true),
        ] {
            assert_eq!(is_leap(year), leap, "{year}");
            assert_eq!(Day::from_ymd(year, 2, 29).is_ok(), leap, "{year}");
        }
    }

    #[test]
    fn invalid_dates_name_the_field() {
        let message = |y, m, d| Day::from_ymd(y, m, d).unwrap_err().to_string();
        assert_eq!(message(0, 1, 1), "year is 0, expected a year in 1..=9999");
        assert_eq!(
            message(10_000, 1, 1),
            "year is 10000, expected a year in 1..=9999"
        );
        assert_eq!(message(-5, 1, 1), "year is -5, expected a year in 1..=9999");
        assert_eq!(
            message(2026, 0, 1),
            "month is 0, expected a month in 1..=12"
        );
        assert_eq!(
            message(2026, 13, 1),
            "month is 13, expected a month in 1..=12"
        );
        assert_eq!(
            message(2026, 1, 0),
            "day is 0, expected a day in 1..=31 for that month"
        );
        assert_eq!(
            message(2026, 1, 32),
            "day is 32, expected a day in 1..=31 for that month"
        );
        assert_eq!(
            message(2026, 4, 31),
            "day is 31, expected a day in 1..=30 for that month"
        );
        assert_eq!(
            message(2024, 2, 30),
            "day is 30, expected a day in 1..=29 for that month"
        );
        assert!(matches!(
            Day::from_ymd(2026, 4, 31),
            Err(Error::IntegerOutOfRange { field: "day", .. })
        ));
        for days in [-719_163, 2_932_897, i64::MIN, i64::MAX] {
            assert!(matches!(
                Day::from_epoch_days(days),
                Err(Error::IntegerOutOfRange {
                    field: "days since 1970-01-01",
                    ..
                })
            ));
        }
    }

    #[test]
    fn text_is_exactly_iso_extended() {
        assert_eq!("2026-12-06".parse::<Day>().unwrap().ymd(), (2026, 12, 6));
        assert_eq!("0001-01-01".parse::<Day>().unwrap(), Day::MIN);
        for bad in [
            "",
            "2026-12-6",
            "2026-1-06",
            "26-12-06",
            "2026/12/06",
            "2026-12-06 ",
            " 2026-12-06",
            "+026-12-06",
            "2026-12-0x",
            "20261206",
            "2026-12-06T00",
            "２０２６-12-06",
        ] {
            assert_eq!(
                bad.parse::<Day>().unwrap_err(),
                Error::invalid_text("date", bad, "a date as YYYY-MM-DD"),
                "{bad:?}"
            );
        }
        assert_eq!(
            "0000-01-01".parse::<Day>().unwrap_err().to_string(),
            "year is 0, expected a year in 1..=9999"
        );
        assert_eq!(
            "2026-99-01".parse::<Day>().unwrap_err().to_string(),
            "month is 99, expected a month in 1..=12"
        );
        assert_eq!(Day::try_from("2026-02-28"), "2026-02-28".parse());
    }

    #[test]
    fn arithmetic_is_checked() {
        let day = Day::from_ymd(2026, 12, 31).unwrap();
        assert_eq!(day.plus_days(1).unwrap().to_string(), "2027-01-01");
        assert_eq!(day.plus_days(0).unwrap(), day);
        assert_eq!(day.days_until(Day::from_ymd(2026, 12, 1).unwrap()), -30);
        assert_eq!(
            Day::MIN.plus_days(-1).unwrap_err().to_string(),
            "days added to 0001-01-01 is -1, expected a result in 0001-01-01..=9999-12-31"
        );
        assert_eq!(
            Day::MAX.plus_days(1).unwrap_err().to_string(),
            "days added to 9999-12-31 is 1, expected a result in 0001-01-01..=9999-12-31"
        );
        assert_eq!(
            day.plus_days(i64::MAX).unwrap_err().to_string(),
            format!(
                "days added to the date is {}, expected a result in 0001-01-01..=9999-12-31",
                i64::MAX
            )
        );
        assert!(day.plus_days(i64::MIN).is_err());
        assert_eq!(
            Day::MIN.plus_days(Day::MIN.days_until(Day::MAX)).unwrap(),
            Day::MAX
        );
    }

    #[test]
    fn periods() {
        let p = Period::month(2024, 2).unwrap();
        assert_eq!(
            (p.first().to_string(), p.last().to_string()),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(p.days(), 29);
        assert_eq!(Period::month(2023, 2).unwrap().days(), 28);
        assert_eq!(p.offset(Day::from_ymd(2024, 2, 29).unwrap()), Some(28));
        assert_eq!(p.offset(Day::from_ymd(2024, 3, 1).unwrap()), None);
        assert!(!p.contains(Day::from_ymd(2024, 1, 31).unwrap()));
        let one = Period::new(Day::EPOCH, Day::EPOCH).unwrap();
        assert_eq!(one.days(), 1);
        assert_eq!(Period::new(Day::MIN, Day::MAX).unwrap().days(), 3_652_059);
        assert!(matches!(
            Period::month(2024, 0),
            Err(Error::IntegerOutOfRange { field: "month", .. })
        ));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_is_the_text_and_validates() {
        let day = Day::from_ymd(2000, 2, 29).unwrap();
        assert_eq!(serde_json::to_string(&day).unwrap(), "\"2000-02-29\"");
        assert_eq!(serde_json::from_str::<Day>("\"2000-02-29\"").unwrap(), day);
        let err = serde_json::from_str::<Day>("\"1900-02-29\"")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("day is 29, expected a day in 1..=28 for that month"),
            "{err}"
        );
        assert!(serde_json::from_str::<Day>("20000").is_err());
        let period = Period::month(2026, 12).unwrap();
        let json = serde_json::to_string(&period).unwrap();
        assert_eq!(json, r#"{"first":"2026-12-01","last":"2026-12-31"}"#);
        assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), period);
        let err = serde_json::from_str::<Period>(r#"{"first":"2026-12-31","last":"2026-12-01"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("last day of the period is 2026-12-01, expected a day on or after the first, 2026-12-31"), "{err}");
    }
}
