// The command-line interface: `reckon <command>`. Each subcommand parses its flags into a
// service request, makes one service call and prints the result as text or, with --json, as
// JSON. Errors print "reckon: <message>" on standard error and exit with the code from
// ExitCodeFor. Holds no SQL, counting or hashing of its own.
#ifndef RECKON_CLI_CLI_H_
#define RECKON_CLI_CLI_H_

namespace reckon::cli {

// Runs the CLI and returns the process exit code.
int Run(int argc, char** argv);

}  // namespace reckon::cli

#endif  // RECKON_CLI_CLI_H_
