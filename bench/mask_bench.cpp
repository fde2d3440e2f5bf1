// Masking throughput (masker.h) beside its physical reference, `grep -F -f`
// with the same literals: a 100 MB generated transcript under
// /tmp/clasp-mask-bench (written once, reused), 10, 100 and 1,000 bound
// values (each in every form the masker matches: the literals grep gets).
// mask/N streams the transcript through a MaskStream in 64 KiB chunks (as
// run-env and redact read); grep_F/N runs `LC_ALL=C grep -F -c -f` over the
// same file (page-cached by the generation) and times it from outside, its
// start and pattern compilation included (mask/N reports Build's time as
// build_ms beside its own).
// scripts/bench_table.py prints the MB/s side by side (target: >= 1x grep).
#include <benchmark/benchmark.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../tests/unit/mask_reference.h"
#include "clasp/masker.h"

namespace {

constexpr std::size_t kTranscriptBytes = 100u * 1000 * 1000;
constexpr std::size_t kChunk = 64 * 1024;
const std::string kDir = "/tmp/clasp-mask-bench";

std::string Token(std::mt19937_64& rng, std::size_t n) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s = "sk-";
  for (std::size_t i = 0; i < n; ++i) s += kAlphabet[rng() % 62];
  return s;
}

// The bound values: API-key-like tokens, the same for every size (the first N).
const std::vector<std::string>& Values() {
  static const std::vector<std::string> values = [] {
    std::mt19937_64 rng(42);
    std::vector<std::string> v;
    for (int i = 0; i < 1000; ++i) v.push_back(Token(rng, 40));
    return v;
  }();
  return values;
}

// An agent transcript's texture: tool calls, file paths, JSON, diffs, with
// one of the first ten values every ~20,000 lines (raw, base64 or JSON).
std::string Transcript() {
  static const char* kWords[] = {"the", "file", "function", "return", "error", "test", "build", "const",
                                 "value", "request", "agent", "tool", "output", "context", "import", "string"};
  std::mt19937_64 rng(7);
  std::string text;
  text.reserve(kTranscriptBytes + 4096);
  for (std::size_t line = 0; text.size() < kTranscriptBytes; ++line) {
    text += "2026-12-07T17:";
    text += std::to_string(10 + line % 50) + ":" + std::to_string(10 + line % 49) + "Z ";
    switch (line % 4) {
      case 0: text += "tool_call bash {\"cmd\":\"grep -rn "; break;
      case 1: text += "assistant: "; break;
      case 2: text += "+  const x = "; break;
      default: text += "read /work/src/"; break;
    }
    for (int w = 0; w < 12; ++w) {
      text += kWords[rng() % 16];
      text += (w % 5 == 4) ? "_" : " ";
    }
    if (line % 20000 == 19999) {
      const std::string& v = Values()[rng() % 10];
      text += line % 3 == 0 ? v : line % 3 == 1 ? clasp::mask_reference::Base64("user:" + v, false) : "{\"k\":\"" + v + "\"}";
    }
    text += "\n";
  }
  return text;
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

const std::string& TranscriptPath() {
  static const std::string path = [] {
    const std::string p = kDir + "/transcript.txt";
    if (!Exists(p)) {
      ::mkdir(kDir.c_str(), 0700);
      std::ofstream(p, std::ios::binary) << Transcript();
    }
    return p;
  }();
  return path;
}

const std::string& TranscriptText() {
  static const std::string text = [] {
    std::ifstream in(TranscriptPath(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  return text;
}

// Every form of the first n values, one literal a line: grep's -f file.
std::string PatternsPath(std::size_t n) {
  const std::string p = kDir + "/patterns-" + std::to_string(n) + ".txt";
  std::ofstream out(p, std::ios::binary);
  for (std::size_t i = 0; i < n; ++i) {
    for (const std::string& f : clasp::mask_reference::Forms(Values()[i])) out << f << "\n";
  }
  return p;
}

void Mask(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const std::string& text = TranscriptText();
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < n; ++i) keys.push_back("KEY_" + std::to_string(i));
  std::vector<clasp::MaskSecret> secrets;
  for (std::size_t i = 0; i < n; ++i) secrets.push_back({keys[i], Values()[i]});
  const auto built = std::chrono::steady_clock::now();
  auto masker = clasp::Masker::Build(secrets);
  const double build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - built).count();
  if (!masker.ok()) return state.SkipWithError("masker did not build");
  std::uint64_t found = 0;
  std::string out;
  out.reserve(2 * kChunk);
  for (auto _ : state) {
    clasp::MaskStream stream(*masker.value);
    for (std::size_t at = 0; at < text.size(); at += kChunk) {
      out.clear();
      stream.Feed(std::string_view(text).substr(at, kChunk), out);
      benchmark::DoNotOptimize(out.data());
    }
    stream.Finish(out);
    found = 0;
    for (std::uint64_t c : stream.counts()) found += c;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["values"] = static_cast<double>(n);
  state.counters["occurrences"] = static_cast<double>(found);
  state.counters["build_ms"] = build_ms;  // outside the timing, as grep's -f compile is inside its

}

void GrepF(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const std::string command =
      "LC_ALL=C grep -F -c -f " + PatternsPath(n) + " " + TranscriptPath() + " > " + kDir + "/grep.out";
  (void)TranscriptText();  // the file in the page cache for both
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const int status = std::system(command.c_str());
    const auto stop = std::chrono::steady_clock::now();
    if (status == -1) return state.SkipWithError("grep did not run");
    state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * TranscriptText().size()));
  state.counters["values"] = static_cast<double>(n);
}

}  // namespace

BENCHMARK(Mask)->Name("mask")->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(GrepF)->Name("grep_F")->Arg(10)->Arg(100)->Arg(1000)->UseManualTime()->Unit(benchmark::kMillisecond);
