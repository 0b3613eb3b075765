// Why weight decay (l2) and spectral norm regularization (specreg) cannot bound a deep WGAN
// critic, and where they do work (MATH.md §9): the paragraph `help specreg`, `help l2` and the
// report of `train c method=l2|specreg` share.

import Critics

/// The scaling argument against a weight penalty on a critic.
enum WeightPenaltyLesson {
  /// True for the two methods it is about.
  static func applies(to method: Method) -> Bool { method == .l2 || method == .specreg }

  /// The argument, one paragraph.
  static let text =
    "Why l2 and specreg do not bound a deep critic: its loss E_g f − E_r f is linear in f. When "
    + "the weights of a network with L layers grow like t, f grows like t^L (t³ with two hidden "
    + "layers) while the penalty grows like t² only. A small λ cannot stop the growth: the critic "
    + "runs away as if unconstrained; a large one wins everywhere: the critic collapses toward 0. "
    + "Nothing holds ‖f‖_L near 1. In a regression the mean squared error pulls f toward the "
    + "data and bounds that growth, and λ trades fit against slope: see 'help fit' and 'sweep'."
}
