// reckon-verify: checks an exhibit bundle (docs/formats/bundle.md) without a case file.
// Usage: reckon-verify BUNDLE_DIR --key VERIFIER_KEY_OR_FILE [--json]
// Exit 0 when every check passes, 1 when any fails, 2 on bad usage or an unreadable bundle.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "reckon/evidence/bundle.h"

namespace {

int Usage() {
  std::cerr << "usage: reckon-verify BUNDLE_DIR --key VERIFIER_KEY_OR_FILE [--json]\n";
  return 2;
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  std::string directory;
  std::string key_text;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--key" && i + 1 < argc) {
      key_text = argv[++i];
    } else if (arg == "--json") {
      json = true;
    } else if (!arg.empty() && arg[0] != '-' && directory.empty()) {
      directory = arg;
    } else {
      return Usage();
    }
  }
  if (directory.empty() || key_text.empty()) return Usage();
  if (key_text.find('+') == std::string::npos) {
    std::ifstream in(key_text);
    if (!in) {
      std::cerr << "reckon-verify: " << key_text << ": cannot open\n";
      return 2;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    key_text = buffer.str();
  }
  std::vector<reckon::evidence::VerifierKey> keys;
  std::istringstream lines(key_text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    auto key = reckon::evidence::VerifierKey::Parse(line);
    if (!key) {
      std::cerr << "reckon-verify: " << key.error().message << "\n";
      return 2;
    }
    keys.push_back(*key);
  }
  auto report = reckon::evidence::VerifyBundle(directory, keys);
  if (!report) {
    std::cerr << "reckon-verify: " << report.error().message << "\n";
    return 2;
  }
  if (json) {
    std::cout << "{\"ok\": " << (report->ok() ? "true" : "false")
              << ", \"log\": " << JsonString(report->checkpoint_origin)
              << ", \"tree_size\": " << report->checkpoint_size << ", \"checks\": [";
    for (size_t i = 0; i < report->checks.size(); ++i) {
      const auto& check = report->checks[i];
      std::cout << (i ? ", " : "") << "{\"what\": " << JsonString(check.what)
                << ", \"ok\": " << (check.ok ? "true" : "false")
                << ", \"detail\": " << JsonString(check.detail) << "}";
    }
    std::cout << "]}\n";
  } else {
    for (const auto& check : report->checks) {
      std::cout << (check.ok ? "ok      " : "FAILED  ") << check.what
                << (check.detail.empty() ? "" : " (" + check.detail + ")") << "\n";
    }
    std::cout << (report->ok() ? "the bundle verifies" : "the bundle does NOT verify")
              << " against log " << report->checkpoint_origin << " of " << report->checkpoint_size
              << " leaves\n";
  }
  return report->ok() ? 0 : 1;
}
