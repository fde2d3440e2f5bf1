#include "clasp/sensitive_keys.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <set>

#include "clasp/js_lowercase.h"
#include "clasp/utf8.h"

namespace clasp {
namespace {

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// JS /i without the u flag canonicalises through toUpperCase but never maps a
// non-ASCII character onto an ASCII one, so for ASCII needles only A-Z fold.
std::string AsciiFold(std::string_view key) {
  std::string out(key);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string PortabilityForm(std::string_view key) { return JsToLowerCase(EcmaTrim(key)); }

// The form each pattern sees, computed at most once per key.
class KeyForms {
 public:
  explicit KeyForms(std::string_view key) : key_(key) {}
  std::string_view Get(KeyForm form) {
    switch (form) {
      case KeyForm::kExact:
        return key_;
      case KeyForm::kAsciiFolded:
        if (!folded_) folded_ = AsciiFold(key_);
        return *folded_;
      case KeyForm::kPortability:
        if (!portable_) portable_ = PortabilityForm(key_);
        return *portable_;
    }
    return key_;
  }

 private:
  std::string_view key_;
  std::optional<std::string> folded_;
  std::optional<std::string> portable_;
};

// A pattern RE2 refuses is left in place but matches nothing (RE2's own
// behaviour); built-ins are known to compile, and WithExtraPatterns reports
// operator patterns before they get this far.
std::shared_ptr<const RE2> Compile(const std::string& regex) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingUTF8);
  return std::make_shared<const RE2>(regex, options);
}

bool Matches(const RE2& re, KeyForms& forms, KeyForm form) {
  const std::string_view text = forms.Get(form);
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

bool MatchesOne(const RE2& re, KeyForm form, std::string_view key) {
  KeyForms forms(key);
  return Matches(re, forms, form);
}

Diagnostic PatternProblem(std::string path, std::string message) {
  return MakeDiagnostic(Code::kSensitivePatternInvalid, std::move(path), std::move(message));
}

}  // namespace

bool IsSensitiveServiceRegex(std::string_view key) {
  static constexpr std::array<std::string_view, 18> kNeedles = {
      "apikey",     "api-key",  "api_key",  "accesstoken", "access-token", "access_token",
      "auth",       "bearer",   "secret",   "passwd",      "password",     "credential",
      "jwt",        "privatekey", "private-key", "private_key", "cookie",   "connectionstring"};
  const std::string folded = AsciiFold(key);
  return std::any_of(kNeedles.begin(), kNeedles.end(), [&](std::string_view n) { return Contains(folded, n); });
}

bool IsSensitiveDocsGlob(std::string_view key) {
  return EndsWith(key, "_API_KEY") || EndsWith(key, "_TOKEN") || EndsWith(key, "_SECRET");
}

bool IsSensitivePortability(std::string_view key) {
  static constexpr std::array<std::string_view, 18> kNeedles = {
      "apikey",   "api_key",     "api-key",       "access_token", "access-token", "auth",
      "bearer",   "secret",      "passwd",        "password",     "credential",   "jwt",
      "privatekey", "private_key", "private-key", "cookie",       "connectionstring", "authorization"};
  const std::string n = PortabilityForm(key);
  if (n == "key" || n == "token") return true;
  for (std::string_view suffix : {"_key", "-key", "_token", "-token"}) {
    if (EndsWith(n, suffix)) return true;
  }
  return std::any_of(kNeedles.begin(), kNeedles.end(), [&](std::string_view needle) { return Contains(n, needle); });
}

std::string_view SensitiveRuleName(SensitiveRule rule) {
  switch (rule) {
    case SensitiveRule::kServiceRegex: return "SENS-1";
    case SensitiveRule::kDocsGlob: return "SENS-2";
    case SensitiveRule::kPortability: return "SENS-3";
    case SensitiveRule::kOperator: return "operator";
  }
  return "operator";
}

struct SensitiveKeyPolicy::Impl {
  std::vector<SensitivePattern> patterns;
  std::vector<std::shared_ptr<const RE2>> compiled;  // parallel to patterns; shared by extensions
  // IsSensitive asks only "any pattern?", so the patterns of each key form are
  // also compiled into one RE2::Set: one DFA pass per form instead of one per
  // pattern (about 40 for the default policy). A set, not one alternation
  // spliced from the patterns' text: a pattern like `\Q\` (a quote that never
  // ends) would swallow the splice's `)` and, with it, every pattern of its
  // form (the fuzzer found that). Null when a form has no pattern, or when
  // its set would not build (then `one_by_one` is set for that form).
  std::array<std::shared_ptr<const RE2::Set>, 3> any_of_form;
  std::array<bool, 3> one_by_one{};

  void CompileSets() {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_encoding(RE2::Options::EncodingUTF8);
    for (std::size_t form = 0; form < any_of_form.size(); ++form) {
      auto set = std::make_shared<RE2::Set>(options, RE2::UNANCHORED);
      bool any = false;
      bool whole = true;
      for (std::size_t i = 0; i < patterns.size(); ++i) {
        if (static_cast<std::size_t>(patterns[i].form) != form || !compiled[i]->ok()) continue;
        any = true;
        whole = whole && set->Add(patterns[i].regex, nullptr) >= 0;
      }
      const bool built = any && whole && set->Compile();
      any_of_form[form] = built ? std::move(set) : nullptr;
      one_by_one[form] = any && !built;
    }
  }

  // Whether a pattern of `form` matches, one by one (Classify's way).
  bool AnyOneByOne(KeyForms& forms, KeyForm form) const {
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      if (patterns[i].form == form && Matches(*compiled[i], forms, form)) return true;
    }
    return false;
  }
};

SensitiveKeyPolicy::SensitiveKeyPolicy(std::shared_ptr<Impl> impl) {
  impl->CompileSets();
  impl_ = std::move(impl);
}

SensitiveKeyPolicy SensitiveKeyPolicy::Default() {
  static const SensitiveKeyPolicy kDefault = [] {
    auto impl = std::make_shared<Impl>();
    for (const auto& p : BuiltinSensitivePatterns()) {
      impl->patterns.push_back(p);
      impl->compiled.push_back(Compile(p.regex));
    }
    return SensitiveKeyPolicy(std::move(impl));
  }();
  return kDefault;
}

SensitiveKeyPolicy SensitiveKeyPolicy::PaperclipCompat() {
  static const SensitiveKeyPolicy kCompat = [] {
    auto impl = std::make_shared<Impl>();
    for (const auto& p : BuiltinSensitivePatterns()) {
      if (p.rule != SensitiveRule::kServiceRegex) continue;
      impl->patterns.push_back(p);
      impl->compiled.push_back(Compile(p.regex));
    }
    return SensitiveKeyPolicy(std::move(impl));
  }();
  return kCompat;
}

Result<SensitiveKeyPolicy> SensitiveKeyPolicy::WithExtraPatterns(const std::vector<SensitivePattern>& extra) const {
  std::vector<Diagnostic> problems;
  std::set<std::string> ids;
  for (const auto& p : impl_->patterns) ids.insert(p.id);
  auto impl = std::make_shared<Impl>(*impl_);
  for (std::size_t i = 0; i < extra.size(); ++i) {
    std::string base = "/";
    base += std::to_string(i);
    SensitivePattern p = extra[i];
    p.rule = SensitiveRule::kOperator;
    if (p.id.empty()) {
      problems.push_back(PatternProblem(base + "/id", "Sensitive-key pattern needs an id"));
    } else if (!ids.insert(p.id).second) {
      problems.push_back(PatternProblem(base + "/id", "Duplicate sensitive-key pattern id: " + p.id));
    }
    auto re = Compile(p.regex);
    if (!re->ok()) {
      problems.push_back(PatternProblem(base + "/regex", "Invalid sensitive-key pattern " + p.id + ": " + re->error()));
      continue;
    }
    if (MatchesOne(*re, p.form, "")) {
      problems.push_back(PatternProblem(base + "/regex", "Sensitive-key pattern " + p.id +
                                                             " matches the empty key, so it would flag every key"));
      continue;
    }
    for (std::size_t k = 0; k < p.true_positives.size(); ++k) {
      if (!MatchesOne(*re, p.form, p.true_positives[k])) {
        problems.push_back(PatternProblem(base + "/true_positives/" + std::to_string(k),
                                          "Sensitive-key pattern " + p.id + " does not flag its true positive"));
      }
    }
    for (std::size_t k = 0; k < p.false_positives.size(); ++k) {
      if (MatchesOne(*re, p.form, p.false_positives[k])) {
        problems.push_back(PatternProblem(base + "/false_positives/" + std::to_string(k),
                                          "Sensitive-key pattern " + p.id + " flags its false positive"));
      }
    }
    impl->patterns.push_back(std::move(p));
    impl->compiled.push_back(std::move(re));
  }
  if (!problems.empty()) return Result<SensitiveKeyPolicy>::Fail(std::move(problems));
  return Result<SensitiveKeyPolicy>::Ok(SensitiveKeyPolicy(std::move(impl)));
}

bool SensitiveKeyPolicy::IsSensitive(std::string_view key) const {
  KeyForms forms(key);
  for (std::size_t form = 0; form < impl_->any_of_form.size(); ++form) {
    const auto& set = impl_->any_of_form[form];
    bool ask_each = impl_->one_by_one[form];
    if (set) {
      const std::string_view text = forms.Get(static_cast<KeyForm>(form));
      RE2::Set::ErrorInfo error{};
      if (set->Match(re2::StringPiece(text.data(), text.size()), nullptr, &error)) return true;
      ask_each = error.kind != RE2::Set::kNoError;
    }
    // A set that would not build or gave up (out of memory) never answers
    // "not sensitive" without asking every pattern of the form.
    if (ask_each && impl_->AnyOneByOne(forms, static_cast<KeyForm>(form))) return true;
  }
  return false;
}

SensitiveClassification SensitiveKeyPolicy::Classify(std::string_view key) const {
  SensitiveClassification out;
  KeyForms forms(key);
  for (std::size_t i = 0; i < impl_->patterns.size(); ++i) {
    if (Matches(*impl_->compiled[i], forms, impl_->patterns[i].form)) {
      out.matches.push_back(SensitiveMatch{impl_->patterns[i].id, impl_->patterns[i].rule});
    }
  }
  out.sensitive = !out.matches.empty();
  return out;
}

const std::vector<SensitivePattern>& SensitiveKeyPolicy::patterns() const { return impl_->patterns; }

}  // namespace clasp
