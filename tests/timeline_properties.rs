//! Properties of the Timeline17 timeline format and of the timeline ROUGE: whatever the
//! input, parsing never panics, written timelines read back unchanged, and a timeline
//! scored against itself is perfect.

use newsdesk::date::Date;
use newsdesk::eval::rouge::{self, Timeline};
use newsdesk::eval::timeline::{format_timeline, parse_timeline};
use proptest::prelude::*;

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "Dockworkers",
            "strike",
            "at",
            "Port",
            "Velmora",
            "ferries",
            "resume",
            "talks",
            "collapse",
            "union",
            "accepts",
            "contract",
            "(",
            ")",
            "$",
            "40m",
            "“",
            "”",
        ]),
        1..12,
    )
    .prop_map(|words| words.join(" "))
}

fn timeline() -> impl Strategy<Value = Timeline> {
    prop::collection::btree_map(
        (0i64..400).prop_map(|d| Date::new(2031, 1, 1).unwrap().add_days(d)),
        prop::collection::vec(sentence(), 1..4),
        1..8,
    )
}

proptest! {
    #[test]
    fn parsing_never_panics(text in "[0-9a-zA-Z \\-\\n.]{0,200}") {
        let _ = parse_timeline(&text, "generated");
    }

    #[test]
    fn written_timelines_read_back(timeline in timeline()) {
        // Writing keeps each sentence as is; reading detokenises, which leaves these
        // sentences unchanged only once they are already detokenised.
        let once = parse_timeline(&format_timeline(&timeline), "once").unwrap().timeline;
        let twice = parse_timeline(&format_timeline(&once), "twice").unwrap().timeline;
        prop_assert_eq!(once.keys().collect::<Vec<_>>(), timeline.keys().collect::<Vec<_>>());
        prop_assert_eq!(twice, once);
    }

    #[test]
    fn a_timeline_against_itself_is_perfect(timeline in timeline()) {
        prop_assert_eq!(rouge::dates(&timeline, &timeline), (1.0, 1.0));
        for n in [1, 2] {
            for overlap in [
                rouge::concat(&timeline, &timeline, n),
                rouge::agreement(&timeline, &timeline, n),
                rouge::align_many_to_one(&timeline, &timeline, n),
            ] {
                // Sentences of stopwords only have no n-grams; otherwise every score is 1.
                if overlap.predicted > 0.0 {
                    prop_assert!((overlap.f1() - 1.0).abs() < 1e-9, "{overlap:?}");
                }
            }
        }
    }
}
