//! The parser micro-benchmark on the samples the anchor figures were measured on
//! (bench/samples/, docs in /work/shared/DESIGN.md "Benchmark samples"): ns per request, the
//! whole `parse` call, no crossing into Node. Run: `cargo bench -p wire --bench parse`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use wire::layout::*;

const CURL_GET: &[u8] = include_bytes!("../../../bench/samples/a-curl-get.http");
const BROWSER_GET: &[u8] = include_bytes!("../../../bench/samples/b-browser-get.http");
const POST_1K: &[u8] = include_bytes!("../../../bench/samples/c-post-1k.http");
/// Pipelined copies of the browser GET in one buffer (sample d).
const PIPELINED: usize = 16;

/// An `out` with the default limits and room for `records` full-size records.
fn out_for(records: usize) -> Vec<u32> {
    let len = RECORDS_START as usize
        + records * (REC_FIXED + HEADER_WORDS * DEFAULT_MAX_HEADERS) as usize;
    let mut out = vec![0u32; len];
    out[C_MAX_HEAD as usize] = DEFAULT_MAX_HEAD;
    out[C_MAX_TARGET as usize] = DEFAULT_MAX_TARGET;
    out[C_MAX_HEADERS as usize] = DEFAULT_MAX_HEADERS;
    out[C_CAPACITY as usize] = len as u32;
    out
}

/// Parses `buf` once, checking that it held `requests` complete heads.
fn bench_sample(c: &mut Criterion, name: &str, buf: &[u8], requests: u64) {
    let mut out = out_for(requests as usize);
    assert_eq!(wire::parse(buf, 0, buf.len(), &mut out), STATUS_DONE);
    assert_eq!(u64::from(out[R_COUNT as usize]), requests);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(requests));
    group.bench_function(name, |b| {
        b.iter(|| wire::parse(black_box(buf), 0, buf.len(), black_box(&mut out)));
    });
    group.finish();
}

/// httparse on the same bytes, in the same run: the reference the anchor figures came from,
/// measured beside ours so that a loaded machine skews both alike.
fn bench_httparse(c: &mut Criterion, name: &str, buf: &[u8], requests: u64) {
    let mut group = c.benchmark_group("httparse");
    group.throughput(Throughput::Elements(requests));
    group.bench_function(name, |b| {
        b.iter(|| {
            let mut at = 0;
            while at < buf.len() {
                let mut headers = [httparse::EMPTY_HEADER; 100];
                let mut req = httparse::Request::new(&mut headers);
                match req.parse(black_box(&buf[at..])) {
                    Ok(httparse::Status::Complete(n)) => at += n,
                    _ => break,
                }
                black_box(&req);
                if buf[at..].starts_with(b"xxxx") {
                    break;
                }
            }
            at
        });
    });
    group.finish();
}

fn samples(c: &mut Criterion) {
    bench_sample(c, "a-curl-get", CURL_GET, 1);
    bench_sample(c, "b-browser-get", BROWSER_GET, 1);
    bench_sample(c, "c-post-1k", POST_1K, 1);
    let pipelined = BROWSER_GET.repeat(PIPELINED);
    bench_sample(c, "d-browser-get-x16", &pipelined, PIPELINED as u64);
    bench_httparse(c, "a-curl-get", CURL_GET, 1);
    bench_httparse(c, "b-browser-get", BROWSER_GET, 1);
    bench_httparse(c, "c-post-1k", POST_1K, 1);
    bench_httparse(c, "d-browser-get-x16", &pipelined, PIPELINED as u64);
}

criterion_group!(benches, samples);
criterion_main!(benches);
