from realpolitik.backtest import plot_errors, run_backtest


def test_plot_has_one_box_per_model(deu, tmp_path):
    res = run_backtest(deu, models=["compromise_equal", "median"], n_boot=50)
    fig = plot_errors(res, split="dev")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["compromise_equal", "median"]
    out = tmp_path / "e.svg"
    fig.savefig(out)
    assert out.read_text().lstrip().startswith("<?xml")
