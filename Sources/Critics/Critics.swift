// The Critics target: toy 1-D critics, every Lipschitz method from the literature, and the exact
// 1-D truth they are judged against. No I/O: the notebook's commands are thin clients of these
// entry points.
//
//   critic(hidden=[64, 64], act=leaky, seed=0)
//       MLPCritic(hidden: [64, 64], activation: Activation(name: "leaky")!, seed: 0)
//   train c method=wgan-gp steps=2000 real=normal(0, 1) fake=normal(2, 0.5)
//       Trainer.train(c, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 2, sd: 0.5),
//                     options: TrainingOptions(method: .wganGP) with steps/lr/lambda/… set,
//                     progress: { p in … }, isInterrupted: { … }) -> TrainingReport
//   plot c        c.evaluate(on: Distribution.span(of: [real, fake]), count: width)  (x, f, f')
//                 real.density(x), ExactLipschitz.pieces(of: c, on: …)?.steepIntervals()
//   lip c         ExactLipschitz.of(c, on: interval) -> LipschitzReport
//   compare …     one Trainer.train per Method with the same critic, data and seed
//   gradcheck c   GradientCheck.run(c, method: …, real: …, fake: …) -> GradientCheckReport
//   W₁            Wasserstein1.exact(real, fake) -> Wasserstein1.Result
//   m = mlp(hidden=[256 256], act=relu, seed=1)     the same MLPCritic, as a regression model
//   fit m x y method=specreg lambda=1e-3 xtest=xt ytest=yt
//                 Regression.fit(m, data: RegressionData(x:y:testX:testY:),
//                                options: FitOptions(method: .specreg) with lambda set) -> FitReport
//                 (train and test MSE, ExactLipschitz.of on the data's span, the sensitivity)
//
// Layout: Autodiff/ (the tape and its primitives), Network/ (the critic, its evaluation and its
// recording on a tape), Training/ (methods, options, optimisers, the loop, gradient checks),
// Regression/ (the supervised objective, its methods and report), Distributions/, GroundTruth/
// (exact W₁ and Lipschitz constants).
