// Golden plots: the exact text of each plot kind in both styles (scenarios in
// GoldenScenarios.swift). Each expected line ends in `$` so trailing spaces are visible; on a
// mismatch the failure prints the new rendering in this form, to paste after checking it by eye.
import Testing

@testable import TermPlot

@Test func criticAscii() {
  expectGolden(
    GoldenScenario.critic(.ascii),
    """
                       critic                   $
         +---------------------------------+    $
       2 +                                 |    $
         |   ****                ****      |    $
         |-**----**-----------ooooooo------| y=1$
       0 +*        ** oooooooo**           |    $
         |      oooooo       *             |    $
         |oooooo      **   **              |    $
         |              ***                |    $
      -2 +                                 |    $
         ++---------------+---------------++    $
          0               5               10    $
                          x                     $
     f>1    ^^^^^^               ^^^^           $
         |                  ###            |    $
    real |             ...#######....      |    $
         |      #                          |    $
    fake |   ###### #                      |    $
          * f   o g                             $
    """)
}

@Test func criticUnicode() {
  expectGolden(
    GoldenScenario.critic(.unicode),
    """
                       critic                   $
         ┌─────────────────────────────────┐    $
       2 ┤                                 │    $
         │   ⡠⠒⠉⠒⢄               ⢀⠔⠊⠁      │    $
         │─⡠⠊────⠈⠢⡀───────────⣀⡴⠁⠒⠊───────│ y=1$
       0 ┤⡰⠁       ⠑⢄ ⢀⣀ ⡠⠤ ⠒⠉⢀⠎           │    $
         │      ⣀⡠ ⠒⠚⢆⠁      ⢀⠎            │    $
         │⣀⠤ ⠒⠊      ⠈⢢     ⢠⠃             │    $
         │             ⠑⢄⣀⣀⠔⠁              │    $
      -2 ┤                                 │    $
         └┬───────────────┬───────────────┬┘    $
          0               5               10    $
                          x                     $
     f>1    ▲▲▲▲▲▲               ▲▲▲▲           $
         │                 ▂▆█▇▄           │    $
    real │             ▁▁▃▆██████▄▂▁▁      │    $
         │      █                          │    $
    fake │   ██████ █                      │    $
          ⠤⠤⠤⠤ f   ⠤⠤ ⠤ g                       $
    """)
}

@Test func convergenceAscii() {
  expectGolden(
    GoldenScenario.convergence(.ascii),
    """
                   power iteration          $
          +--------------------------------+$
        1 +  o                             |$
          |   *o*o*o                       |$
    0.001 +         *o*o o                 |$
          |             ****o*o            |$
    1e-06 +                    *o*o*o      |$
          |                                |$
          ++---------+----------+---------++$
           0         5          10        15$
           * observed   o predicted         $
    """)
}

@Test func convergenceUnicode() {
  expectGolden(
    GoldenScenario.convergence(.unicode),
    """
                   power iteration          $
          ┌────────────────────────────────┐$
        1 ┤  ⠦⣀⣄                           │$
          │     ⠉⠚⠤⣠                       │$
    0.001 ┤         ⠉⠚⠢⠴⣀⢀                 │$
          │              ⠉⠑⠢⠦⣀⡄            │$
          │                   ⠈⠑⠣⢄⡄        │$
    1e-06 ┤                       ⠈⠑⠃      │$
          └┬─────────┬──────────┬─────────┬┘$
           0         5          10        15$
           ⠤⠤⠤⠤ observed   ⠤⠤ ⠤ predicted   $
    """)
}

@Test func normsAscii() {
  expectGolden(
    GoldenScenario.norms(.ascii),
    """
    × ‖W‖₂                                      $
    ‖W‖F            |##########|###         1.25$
    sqrt(rank)·‖W‖₂ |##########|#####       1.41$
    sqrt(‖W‖₁‖W‖∞)  |##########|            1   $
    max|w|·sqrt(mn) |##########|########### 2   $
    """)
}

@Test func normsUnicode() {
  expectGolden(
    GoldenScenario.norms(.unicode),
    """
    × ‖W‖₂                                      $
    ‖W‖F            │██████████│██▊         1.25$
    sqrt(rank)·‖W‖₂ │██████████│████▌       1.41$
    sqrt(‖W‖₁‖W‖∞)  │██████████│            1   $
    max|w|·sqrt(mn) │██████████│███████████ 2   $
    """)
}

@Test func compareAscii() {
  expectGolden(
    GoldenScenario.compare(.ascii),
    """
                sn                      gp        $
        +----------------+      +----------------+$
      1 +      ****      |    1 +**            **|$
    0.5 +  ****    ****  |  0.5 +  **        **  |$
      0 +**            **|      |    ***   **    |$
        ++-------+------++    0 +       ***      |$
         0       1      2       ++-------+------++$
                                 0       1      2 $
    """)
}

@Test func compareUnicode() {
  expectGolden(
    GoldenScenario.compare(.unicode),
    """
                sn                      gp        $
        ┌────────────────┐      ┌────────────────┐$
      1 ┤     ⢀⡠⠒⠑⠢⡀     │    1 ┤⠑⢄            ⡠⠊│$
    0.5 ┤   ⡠⠒⠁    ⠈⠑⢄⡀  │  0.5 ┤  ⠑⢄        ⡠⠊  │$
      0 ┤⡠⠔⠉          ⠈⠢⢄│      │    ⠉⠢⡀   ⡠⠊    │$
        └┬───────┬──────┬┘    0 ┤      ⠈⠢⡠⠊      │$
         0       1      2       └┬───────┬──────┬┘$
                                 0       1      2 $
    """)
}
