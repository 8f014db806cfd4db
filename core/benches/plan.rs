//! `scripts/bench.sh` (cargo bench -p revisit-core): the plan and the tier rule on
//! the demo data set — 10,000 customers with about 30,000 installations over one
//! year, and how the plan grows from 1,000 to 100,000 customers. Also prints the
//! plan call's peak heap memory, measured by a counting allocator.
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use revisit_core::dataset::DataSet;
use revisit_core::demo;
use revisit_core::schedule::{tier_all, PlannedVisit};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Counts live heap bytes and their peak.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn year_plan(data: &DataSet) -> Vec<PlannedVisit> {
    let year = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    data.plan(year(1, 1), year(12, 31), today())
}

fn report_memory(data: &DataSet) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let visits = year_plan(data);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    println!(
        "plan of {} customers / {} installations: {} planned visits, peak heap {:.1} MB above the data",
        data.customers.len(),
        data.installations.len(),
        visits.len(),
        peak as f64 / 1_048_576.0
    );
}

fn benches(c: &mut Criterion) {
    let data = demo::generate(10_000, 7, today());
    report_memory(&data);
    let settings = data.settings();

    c.bench_function("plan/10k customers, 1 year", |b| {
        b.iter(|| black_box(year_plan(&data)))
    });
    c.bench_function("tier/10k customers", |b| {
        b.iter(|| black_box(tier_all(&data.customers, &settings, today())))
    });

    let mut group = c.benchmark_group("plan/growth");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    for customers in [1_000, 10_000, 100_000] {
        let data = demo::generate(customers, 7, today());
        if customers == 100_000 {
            report_memory(&data);
        }
        group.bench_with_input(BenchmarkId::from_parameter(customers), &data, |b, data| {
            b.iter(|| black_box(year_plan(data)))
        });
    }
    group.finish();
}

criterion_group!(plan_benches, benches);
criterion_main!(plan_benches);
