"""Reads a TensorBoard log directory with TensorBoard's own EventAccumulator and prints, as JSON,
every run's scalars, histograms and tag descriptions. Used by the LossLabTensorBoard tests.

Usage: read_events.py LOGDIR
Output: {run: {"scalars": {tag: [[step, value], ...]},
               "histograms": {tag: [[step, num, [bucket_limit...], [bucket...]], ...]},
               "descriptions": {tag: summary_description}}}
"""
import json
import os
import sys

from tensorboard.backend.event_processing import event_accumulator as ea


def read_run(path):
    # size_guidance 0 keeps every event instead of a reservoir sample.
    guidance = {kind: 0 for kind in ea.DEFAULT_SIZE_GUIDANCE}
    accumulator = ea.EventAccumulator(path, size_guidance=guidance)
    accumulator.Reload()
    tags = accumulator.Tags()
    run = {"scalars": {}, "histograms": {}, "descriptions": {}}
    for tag in tags[ea.SCALARS]:
        run["scalars"][tag] = [[e.step, e.value] for e in accumulator.Scalars(tag)]
    for tag in tags[ea.HISTOGRAMS]:
        run["histograms"][tag] = [
            [e.step, h.num, list(h.bucket_limit), list(h.bucket)]
            for e in accumulator.Histograms(tag)
            for h in [e.histogram_value]
        ]
    for tag in tags[ea.SCALARS] + tags[ea.HISTOGRAMS]:
        try:
            description = accumulator.SummaryMetadata(tag).summary_description
        except KeyError:
            description = ""
        if description:
            run["descriptions"][tag] = description
    return run


def main():
    logdir = sys.argv[1]
    runs = {}
    for directory, _, files in sorted(os.walk(logdir)):
        if any("tfevents" in name for name in files):
            runs[os.path.relpath(directory, logdir)] = read_run(directory)
    json.dump(runs, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
