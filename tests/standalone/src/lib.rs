//! A model declared with `service-quality` as the only dependency.

service_quality::dimension_enum! {
    /// What a hotel's front desk is judged on.
    pub enum Stay as "stay moment" {
        Welcome("Welcome", "How the guest was greeted on arrival."),
        RoomReady("Room ready", "Whether the room was ready at the promised time."),
        Farewell("Farewell", "How the guest was seen off."),
    }
}

#[cfg(test)]
mod tests {
    use super::Stay;
    use service_quality::{Band, Policy, Ratings, Scale, Summary};

    #[test]
    fn a_model_of_ten_lines_lists_parses_and_scores() -> service_quality::Result<()> {
        // Listed and named without importing a trait.
        let names: Vec<_> = Stay::iter()
            .map(|s| (s.index(), s.key(), s.name()))
            .collect();
        assert_eq!(
            names,
            [
                (0, "welcome", "Welcome"),
                (1, "room_ready", "Room ready"),
                (2, "farewell", "Farewell"),
            ]
        );
        assert_eq!(Stay::ALL.len(), 3);
        assert_eq!("ROOM_READY".parse::<Stay>()?, Stay::RoomReady);
        assert!("lobby".parse::<Stay>().is_err());

        // Scored and summarised by the core.
        let policy = Policy::<Stay>::default();
        let good = Ratings::from_array(Scale::ONE_TO_FIVE, [5, 5, 4])?.evaluate(&policy)?;
        let poor = Ratings::from_array(Scale::ONE_TO_FIVE, [2, 1, 2])?.evaluate(&policy)?;
        assert_eq!(good.band(), Some(Band::Excellent));
        assert_eq!(poor.focus(), Some(Stay::RoomReady));
        let mut summary = Summary::new();
        summary.add(&good);
        summary.add(&poor);
        assert_eq!(summary.count(), 2);
        assert_eq!(summary.weakest(), Some(Stay::RoomReady));
        Ok(())
    }
}
