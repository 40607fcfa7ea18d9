//! Validated means loadable: any bytes that parse and validate as a plan file build an
//! engine whose touches and violations stay within the plan's work bound (and so within
//! `MAX_WORK`); nothing on the way panics, whatever the bytes.
#![no_main]

use cadence_engine::Engine;
use cadence_model::limits::{plan_work, MAX_WORK};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(plan) = cadence_model::parse_plan_bytes(data) else {
        return;
    };
    let work = plan_work(&plan).expect("a valid plan has no cycle");
    assert!(work <= MAX_WORK);
    let engine = Engine::from_plan(&plan).expect("a valid plan builds an engine");
    assert!(engine.touch_count() as u64 <= work);
    assert!(engine.violation_count() as u64 <= work);
});
