// reckon: the command-line entry point. All behaviour lives in reckon::cli.
#include <exception>
#include <iostream>

#include "reckon/cli/cli.h"

int main(int argc, char** argv) {
  try {
    return reckon::cli::Run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "reckon: internal error: " << error.what() << "\n";
    return 70;
  }
}
