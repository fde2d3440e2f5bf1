#define BOOST_TEST_MODULE masker
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <vector>

#include "clasp/masker.h"
#include "mask_reference.h"

using namespace clasp;
namespace ref = clasp::mask_reference;

namespace {

Masker Build(const std::vector<ref::Secret>& secrets) {
  std::vector<MaskSecret> in;
  for (const auto& s : secrets) in.push_back(MaskSecret{s.key, s.value});
  auto built = Masker::Build(in);
  BOOST_REQUIRE(built.ok());
  return std::move(*built.value);
}

// The stream's output for `text` cut at `cuts` (sorted offsets), checking
// after every call that it holds back less than the longest form.
std::string Streamed(const Masker& m, const std::string& text, const std::vector<std::size_t>& cuts,
                     std::vector<std::uint64_t>* counts = nullptr) {
  MaskStream stream(m);
  std::string out;
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    stream.Feed(std::string_view(text).substr(at, cut - at), out);
    BOOST_REQUIRE_LT(stream.held(), std::max<std::size_t>(m.max_pattern_length(), 1));
    at = cut;
  }
  stream.Feed(std::string_view(text).substr(at), out);
  stream.Finish(out);
  BOOST_REQUIRE_EQUAL(stream.held(), 0u);
  if (counts) *counts = stream.counts();
  return out;
}

std::vector<std::size_t> RandomCuts(std::mt19937& rng, std::size_t size) {
  std::vector<std::size_t> cuts;
  const int mode = rng() % 3;  // every byte, small chunks, a few large ones
  for (std::size_t at = 0; at < size;) {
    at += mode == 0 ? 1 : mode == 1 ? 1 + rng() % 7 : 1 + rng() % 200;
    if (at < size) cuts.push_back(at);
  }
  return cuts;
}

const std::vector<ref::Secret> kOpenAi = {{"OPENAI_API_KEY", "sk-live-1234"}};

}  // namespace

BOOST_AUTO_TEST_CASE(a_raw_value_becomes_its_key) {
  const Masker m = Build(kOpenAi);
  BOOST_TEST(MaskText(m, "token=sk-live-1234\n") == "token=***OPENAI_API_KEY\n");
  BOOST_TEST(MaskText(m, "sk-live-1234sk-live-1234") == "***OPENAI_API_KEY***OPENAI_API_KEY");
  BOOST_TEST(MaskText(m, "no secret here") == "no secret here");
  BOOST_TEST(MaskText(m, "sk-live-123") == "sk-live-123");
  BOOST_TEST(MaskText(m, "") == "");
}

BOOST_AUTO_TEST_CASE(base64_at_every_alignment) {
  const Masker m = Build(kOpenAi);
  // base64("user:sk-live-1234"): the value starts at offset 5 = 2 mod 3.
  BOOST_TEST(MaskText(m, "Authorization: Basic dXNlcjpzay1saXZlLTEyMzQ=") ==
             "Authorization: Basic dXNlcjp***OPENAI_API_KEYQ=");
  BOOST_TEST(MaskText(m, "c2stbGl2ZS0xMjM0") == "***OPENAI_API_KEY");             // offset 0
  BOOST_TEST(MaskText(m, "eHNrLWxpdmUtMTIzNA==") == "eH***OPENAI_API_KEYA==");  // "x" + value
  // base64url differs only where + or / would appear: "??>>??" -> Pz8+Pj8/ / Pz8-Pj8_
  const Masker q = Build({{"Q", "\?\?>>\?\?"}});
  BOOST_TEST(MaskText(q, "a Pz8+Pj8/ b") == "a ***Q b");
  BOOST_TEST(MaskText(q, "a Pz8-Pj8_ b") == "a ***Q b");
}

BOOST_AUTO_TEST_CASE(url_json_and_hex_forms) {
  const Masker m = Build({{"DB", "p@ss w/\"x\"\n"}});
  BOOST_TEST(MaskText(m, "?pw=p%40ss%20w%2F%22x%22%0A&") == "?pw=***DB&");
  BOOST_TEST(MaskText(m, "?pw=p%40ss%20w%2f%22x%22%0a&") == "?pw=***DB&");
  BOOST_TEST(MaskText(m, "pw=p%40ss+w%2F%22x%22%0A") == "pw=***DB");
  BOOST_TEST(MaskText(m, R"({"pw":"p@ss w/\"x\"\n"})") == R"({"pw":"***DB"})");
  BOOST_TEST(MaskText(m, R"({"pw":"p@ss w\/\"x\"\n"})") == R"({"pw":"***DB"})");
  BOOST_TEST(MaskText(m, "7040737320772f227822 0a") == "7040737320772f227822 0a");
  BOOST_TEST(MaskText(m, "7040737320772f2278220a") == "***DB");
  BOOST_TEST(MaskText(m, "7040737320772F2278220A") == "***DB");
}

BOOST_AUTO_TEST_CASE(short_values_are_skipped_and_listed) {
  const Masker m = Build({{"PORT", "8080"}, {"EMPTY", ""}, {"K", "abcdef"}});
  BOOST_TEST(m.skipped() == (std::vector<std::size_t>{0, 1}));
  BOOST_TEST(MaskText(m, "8080 abcdef") == "8080 ***K");
  const Masker none = Build({{"PORT", "8080"}});
  BOOST_TEST(none.max_pattern_length() == 0u);
  BOOST_TEST(MaskText(none, "8080 8080") == "8080 8080");
}

BOOST_AUTO_TEST_CASE(overlapping_values_merge_into_one_run) {
  const Masker m = Build({{"A", "abcdefgh"}, {"B", "fghijklm"}});
  BOOST_TEST(MaskText(m, "<abcdefghijklm>") == "<***A***B>");
  std::vector<std::uint64_t> counts;
  BOOST_TEST(MaskText(m, "abcdefgh fghijklm abcdefghijklm", &counts) == "***A ***B ***A***B");
  BOOST_TEST(counts == (std::vector<std::uint64_t>{2, 2}));
  // One value a prefix, a suffix or the middle of another.
  const Masker p = Build({{"SHORT", "secret"}, {"LONG", "secret-and-more"}});
  BOOST_TEST(MaskText(p, "x secret-and-more y secret z") == "x ***SHORT***LONG y ***SHORT z");
  const Masker s = Build({{"TAIL", "abcdef"}, {"WHOLE", "xxabcdef"}});
  BOOST_TEST(MaskText(s, "xxabcdef abcdef") == "***WHOLE ***TAIL");
  // A self-overlapping value repeated: one run.
  const Masker a = Build({{"A", "aaaaaa"}});
  BOOST_TEST(MaskText(a, "baaaaaaaaaab") == "b***Ab");
}

BOOST_AUTO_TEST_CASE(the_same_value_twice_names_the_first) {
  const Masker m = Build({{"ONE", "same-value"}, {"TWO", "same-value"}});
  std::vector<std::uint64_t> counts;
  BOOST_TEST(MaskText(m, "same-value", &counts) == "***ONE");
  BOOST_TEST(counts == (std::vector<std::uint64_t>{1, 0}));
}

BOOST_AUTO_TEST_CASE(markers_are_not_matched_again) {
  // The second value is the first's marker: the output keeps it, as input
  // is what is matched.
  const Masker m = Build({{"K", "value1"}, {"L", "***K!!"}});
  BOOST_TEST(MaskText(m, "value1!!") == "***K!!");
}

BOOST_AUTO_TEST_CASE(a_stream_holds_back_at_most_the_longest_form_less_one) {
  const Masker m = Build(kOpenAi);
  MaskStream stream(m);
  // "sk-li" may begin the value: held. "." begins no form: nothing waits.
  BOOST_TEST(stream.Feed("tok sk-li") == "tok ");
  BOOST_TEST(stream.held() == 5u);
  BOOST_TEST(stream.Feed("ve-1234 .") == "***OPENAI_API_KEY .");
  BOOST_TEST(stream.held() == 0u);
  BOOST_TEST(stream.Finish() == "");
  // The longest form is the value's hex (24 bytes): a near miss of it is
  // held whole, less one byte, and no more.
  BOOST_TEST(m.max_pattern_length() == 24u);
  MaskStream hex(m);
  BOOST_TEST(hex.Feed("x 736b2d6c6976652d3132333") == "x ");
  BOOST_TEST(hex.held() == 23u);
  BOOST_TEST(hex.Feed("5") == "736b2d6c6976652d31323335");
  BOOST_TEST(hex.Finish() == "");
  BOOST_TEST(stream.counts() == (std::vector<std::uint64_t>{1}));
}

BOOST_AUTO_TEST_CASE(a_long_run_is_not_held) {
  const Masker m = Build({{"A", "aaaaaa"}});
  MaskStream stream(m);
  std::string out = stream.Feed("x");
  for (int i = 0; i < 1000; ++i) {
    out += stream.Feed(std::string(100, 'a'));
    BOOST_REQUIRE_LT(stream.held(), m.max_pattern_length());
  }
  out += stream.Feed("y");
  out += stream.Finish();
  BOOST_TEST(out == "x***Ay");
}

BOOST_AUTO_TEST_CASE(random_bytes_pass_unchanged) {
  std::mt19937 rng(7);
  std::vector<ref::Secret> secrets;
  for (int i = 0; i < 20; ++i) {
    std::string v;
    for (int j = 0; j < 8 + i; ++j) v += static_cast<char>('a' + rng() % 26);
    secrets.push_back({"S" + std::to_string(i), v});
  }
  const Masker m = Build(secrets);
  for (int round = 0; round < 50; ++round) {
    std::string text;
    for (int j = 0; j < 5000; ++j) text += static_cast<char>(rng() % 256);
    BOOST_REQUIRE(ref::Mask(secrets, text) == text);
    BOOST_REQUIRE(Streamed(m, text, RandomCuts(rng, text.size())) == text);
  }
}

// Property: random values (some sharing prefixes and suffixes, some inside
// others), embedded raw and in every form, in random filler, fed in random
// chunks: the output is the reference's, whatever the chunking, and no value
// nor any embedded form's value-only core survives.
BOOST_AUTO_TEST_CASE(random_streams_match_the_reference_in_any_chunking) {
  std::mt19937 rng(20261207);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.~/+=%\" \n";
  const auto random_string = [&](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<ref::Secret> secrets;
    const int count = 1 + rng() % 6;
    for (int i = 0; i < count; ++i) {
      std::string v = random_string(3 + rng() % 14);
      if (i > 0 && rng() % 3 == 0) v = secrets[rng() % i].value.substr(0, 4) + v;  // shared prefix
      if (i > 0 && rng() % 4 == 0) v += secrets[rng() % i].value;                   // another inside
      secrets.push_back({"KEY_" + std::string(1, static_cast<char>('A' + i)), v});
    }
    std::string text;
    std::vector<std::pair<std::string, std::size_t>> cores;  // a base64 core and its value's length
    for (int piece = 0; piece < 30; ++piece) {
      text += random_string(rng() % 20);
      const ref::Secret& s = secrets[rng() % secrets.size()];
      const std::vector<std::string> forms = ref::Forms(s.value);
      const std::string lead = random_string(rng() % 3);
      const int how = rng() % 4;
      if (how == 0) {
        text += s.value;
      } else if (how == 1) {
        text += forms[rng() % forms.size()];
      } else {
        const bool url = how == 3;
        const std::string tail = random_string(rng() % 3);
        text += ref::Base64(lead + s.value + tail, url);
        cores.emplace_back(ref::Base64Core(lead, s.value, tail, url), s.value.size());
      }
    }
    const Masker m = Build(secrets);
    std::vector<std::uint64_t> expected_counts;
    const std::string expected = ref::Mask(secrets, text, &expected_counts);
    std::vector<std::uint64_t> counts;
    BOOST_REQUIRE(MaskText(m, text, &counts) == expected);
    BOOST_REQUIRE(counts == expected_counts);
    for (int chunking = 0; chunking < 4; ++chunking) {
      BOOST_REQUIRE(Streamed(m, text, RandomCuts(rng, text.size())) == expected);
    }
    // Values under 6 bytes are not masked, nor are their encodings.
    for (const auto& s : secrets) {
      if (s.value.size() >= kMinMaskedValueLength) BOOST_REQUIRE(expected.find(s.value) == std::string::npos);
    }
    for (const auto& [core, length] : cores) {
      if (length >= kMinMaskedValueLength) BOOST_REQUIRE(expected.find(core) == std::string::npos);
    }
  }
}

// A long chunk is scanned as two halves at once (masker.cpp): a value at
// every offset around the middle, where the second scan takes over, is
// masked exactly once.
BOOST_AUTO_TEST_CASE(values_across_the_middle_of_a_long_chunk) {
  const std::vector<ref::Secret> secrets = {{"K", "sk-live-1234"}};
  const Masker m = Build(secrets);
  const std::string filler(4000, '.');
  for (std::size_t at = 2000 - 40; at <= 2000 + 40; ++at) {
    std::string text = filler;
    text.replace(at, 12, "sk-live-1234");
    std::vector<std::uint64_t> counts;
    const std::string expected = filler.substr(0, at) + "***K" + filler.substr(at + 12);
    BOOST_REQUIRE(MaskText(m, text, &counts) == expected);
    BOOST_REQUIRE(counts == (std::vector<std::uint64_t>{1}));
  }
}
