"""Reads a TensorBoard log directory the way TensorBoard's dashboards get it: its own event
multiplexer and data provider (the Python loader behind `tensorboard --load_fast=false`), which
convert legacy `histo` values as TensorBoard does. Prints every run's scalars, histograms, texts
and tag descriptions as JSON. Used by the LossLabTensorBoard tests.

Usage: read_events.py LOGDIR
Output: {run: {"scalars": {tag: [[step, value, wall_time], ...]},
               "histograms": {tag: [[step, [[left, right, count], ...]], ...]},
               "texts": {tag: [[step, text], ...]},
               "descriptions": {tag: summary_description}}}
A value that is not finite is the string "nan", "inf" or "-inf" (JSON has no such numbers).
"""
import json
import math
import sys

from tensorboard import context
from tensorboard.backend.event_processing import data_provider
from tensorboard.backend.event_processing import plugin_event_multiplexer

PLUGINS = ("scalars", "histograms", "text")
EVERYTHING = 10**9  # downsample to at most this many points: keep them all


def number(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def main():
    logdir = sys.argv[1]
    # Size guidance 0 keeps every event instead of a reservoir sample.
    multiplexer = plugin_event_multiplexer.EventMultiplexer(
        tensor_size_guidance={plugin: 0 for plugin in PLUGINS}
    )
    multiplexer.AddRunsFromDirectory(logdir)
    multiplexer.Reload()
    provider = data_provider.MultiplexerDataProvider(multiplexer, logdir)
    ctx = context.RequestContext()
    runs = {}

    def run_entry(run):
        return runs.setdefault(
            run, {"scalars": {}, "histograms": {}, "texts": {}, "descriptions": {}}
        )

    def describe(listing):
        for run, tags in listing.items():
            for tag, series in tags.items():
                if series.description:
                    run_entry(run)["descriptions"][tag] = series.description

    describe(provider.list_scalars(ctx, experiment_id="", plugin_name="scalars"))
    scalars = provider.read_scalars(
        ctx, experiment_id="", plugin_name="scalars", downsample=EVERYTHING
    )
    for run, tags in scalars.items():
        for tag, data in tags.items():
            run_entry(run)["scalars"][tag] = [
                [d.step, number(d.value), d.wall_time] for d in data
            ]

    for plugin, key in (("histograms", "histograms"), ("text", "texts")):
        describe(provider.list_tensors(ctx, experiment_id="", plugin_name=plugin))
        tensors = provider.read_tensors(
            ctx, experiment_id="", plugin_name=plugin, downsample=EVERYTHING
        )
        for run, tags in tensors.items():
            for tag, data in tags.items():
                if plugin == "text":
                    values = [[d.step, d.numpy.item().decode("utf-8")] for d in data]
                else:
                    values = [
                        [d.step, [[number(x) for x in bucket] for bucket in d.numpy.tolist()]]
                        for d in data
                    ]
                run_entry(run)[key][tag] = values
    json.dump(runs, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
