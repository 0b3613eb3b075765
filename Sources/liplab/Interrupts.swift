// Ctrl-C for liplab: the SIGINT handler and its flag live in C (the CInterrupts target, one
// copy of the state); this file is the Swift side of them.
//
// While a line is being read, a press makes the blocking read return (no SA_RESTART), and the
// line editor reports `.interrupted`. While a statement runs, a press sets the flag that the
// session's `isInterrupted` closure reads between steps; three presses during one statement
// that does not stop end the process with status 130.

import CInterrupts
import Notebook

/// Installs and reads the SIGINT flag.
enum Interrupts {
  /// Installs the handler (without SA_RESTART). Returns false when sigaction failed.
  @discardableResult
  static func install() -> Bool { liplab_install_sigint_handler() == 0 }

  /// True when Ctrl-C was pressed since the last `clear()`.
  static var isPending: Bool { liplab_sigint_pending() != 0 }

  /// Forgets earlier presses.
  static func clear() { liplab_sigint_clear() }

  /// The closure a `Session` polls between steps.
  static let check: @Sendable () -> Bool = { isPending }

  /// Ctrl-C as the statement pipeline sees it.
  static let control = InterruptControl(
    isRequested: check, reset: { clear() }, computing: { body in whileComputing(body) })

  /// Runs `body` (one statement typed at the prompt) with a fresh flag, marked as a computation
  /// so that repeated presses can end a statement that never checks the flag. The terminal on
  /// stdin stops echoing meanwhile (keys typed ahead then show once, at the next prompt); its
  /// modes come back afterwards, and before a forced exit.
  static func whileComputing<T>(_ body: () -> T) -> T {
    liplab_terminal_quiet(Terminal.standardInput)
    liplab_sigint_clear()
    liplab_sigint_set_computing(1)
    defer {
      liplab_sigint_set_computing(0)
      liplab_terminal_restore()
    }
    return body()
  }
}
