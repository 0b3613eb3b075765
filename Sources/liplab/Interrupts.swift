// Ctrl-C for liplab: the SIGINT handler and its flag live in C (the CInterrupts target, one
// copy of the state); this file is the Swift side of them. SIGTERM, SIGQUIT and SIGHUP restore
// the terminal and end the process with their default action.
//
// While a line is being read, a press makes the blocking read return (no SA_RESTART), and the
// line editor reports `.interrupted`. While a statement runs, a press sets the flag that the
// session's `isInterrupted` closure reads between steps; three presses during one statement
// that does not stop end the process with status 130.

import CInterrupts
import Notebook

/// Installs and reads the SIGINT flag.
enum Interrupts {
  /// Installs the SIGINT handler (without SA_RESTART), and for SIGTERM, SIGQUIT and SIGHUP
  /// handlers that put the terminal back as it was before the signal ends the process with its
  /// default action (no crash report). Returns false when sigaction failed.
  @discardableResult
  static func install() -> Bool {
    liplab_install_sigint_handler() == 0 && liplab_install_fatal_signal_handlers() == 0
  }

  /// Bracketed paste on the terminal `fd` while the prompt waits for a line (`on`), off
  /// otherwise: pasted text then arrives between `ESC[200~` and `ESC[201~`, which the line
  /// editor drops, so a pasted line reads as a typed one. A signal that ends liplab turns it off.
  static func bracketedPaste(_ on: Bool, on fd: Int32) { liplab_terminal_bracketed_paste(fd, on ? 1 : 0) }

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
