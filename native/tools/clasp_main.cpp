// clasp — command-line front end. For now: `clasp check` validates a sample.
#include <iostream>

int main() {
  std::cout << "clasp: not yet wired\n";
  return 0;
}
