using System.Collections.Generic;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Segmentation
{
    /// <summary>One image's mask problem to say, and the image it is about.</summary>
    public sealed class MaskProblem
    {
        public MaskProblem(EvaluationImage? image, MaskException error, string target)
        {
            Image = image;
            Error = error;
            Target = target;
        }

        /// <summary>The image; null for a problem of a whole model.</summary>
        public EvaluationImage? Image { get; }
        public MaskException Error { get; }

        /// <summary>What the error names: the image, or 'project version' for a whole model.</summary>
        public string Target { get; }
    }

    /// <summary>
    /// When each mask problem is said, so that a model none of whose masks is found is one error, not one per image: a
    /// MaskNotFound is held while nothing of its model has been measured; once an image of the model is measured, what
    /// was held is said in order; at the end, what is still held is said once per model (MasksNotFound, naming where the
    /// first was looked for), or as itself when it was one image.
    /// </summary>
    public sealed class MaskProblems
    {
        private readonly bool _maskRootGiven;
        private readonly Dictionary<SegmentationMetrics, List<MaskProblem>> _held = new Dictionary<SegmentationMetrics, List<MaskProblem>>();

        /// <param name="maskRootGiven">Whether -MaskRoot was given: the batched error says what to check.</param>
        public MaskProblems(bool maskRootGiven) => _maskRootGiven = maskRootGiven;

        /// <summary>An image of <paramref name="model"/> was measured: what was held for the model, to say now, in order.</summary>
        public IReadOnlyList<MaskProblem> Measured(SegmentationMetrics model)
        {
            if (!_held.TryGetValue(model, out var held)) return System.Array.Empty<MaskProblem>();
            _held.Remove(model);
            return held;
        }

        /// <summary>An image's problem (counted as left out of its model): what to say now, nothing when it is held.</summary>
        public IReadOnlyList<MaskProblem> Failed(SegmentationMetrics model, EvaluationImage image, MaskException problem)
        {
            model.LeaveOut(problem.ErrorId);
            var said = new MaskProblem(image, problem, image.ImageName);
            if (problem.ErrorId != ErrorIds.MaskNotFound || model.ImagesMeasured > 0) return new[] { said };
            if (!_held.TryGetValue(model, out var held)) _held[model] = held = new List<MaskProblem>();
            held.Add(said);
            return System.Array.Empty<MaskProblem>();
        }

        /// <summary>The end: each model's held problems, one error for the model when it held more than one.</summary>
        public IReadOnlyList<MaskProblem> Finish()
        {
            var said = new List<MaskProblem>();
            foreach (var held in _held)
            {
                string model = held.Key.ProjectName + " " + held.Key.ModelVersion;
                said.Add(held.Value.Count == 1 ? held.Value[0]
                    : new MaskProblem(null, MaskPlan.NoneFound(model, held.Value.Count, held.Value[0].Error.Location, _maskRootGiven), model));
            }
            _held.Clear();
            return said;
        }
    }
}
