using Consilium.Phenotypes.Annotations;
using Consilium.Phenotypes.Ontology;

namespace Consilium.Phenotypes.Ranking;

/// <summary>
/// Ranks every annotated disease for a patient's findings with a likelihood-ratio model (in the spirit of LIRICAL):
/// <list type="bullet">
/// <item>P(t | d), the chance a patient with disease d shows feature t, is 1 - Π(1 - f) over the disease's
/// features at or below t (f = annotated frequency, <see cref="ScoringSettings.UnknownFrequency"/> when none),
/// capped at <see cref="ScoringSettings.MaxFeatureProbability"/>.</item>
/// <item>P(t | other) is the mean of P(t | d) over all diseases.</item>
/// <item>An observed feature q scores the best, over q and its ancestors c, of P(c | d) / P(c | other);
/// through an ancestor the disease does not carry itself the ratio is weighted by
/// <see cref="ScoringSettings.CommonAncestorWeight"/>. The result is mixed with a noise rate, so an
/// unrelated feature costs a bounded amount.</item>
/// <item>An excluded feature x counts only against diseases whose features at or below x are frequent:
/// ratio 1 - P_frequent(x | d).</item>
/// <item>An observed feature the annotation says the disease does NOT show costs <see cref="ScoringSettings.AbsentFeatureRatio"/>.</item>
/// </list>
/// Everything per term is precomputed into posting lists (term → diseases), so a query is a few passes
/// over flat arrays. Thread-safe: each thread uses its own scratch buffers.
/// </summary>
public sealed class DifferentialDiagnosis
{
    private readonly PhenotypeOntology _ontology;
    private readonly DiseaseAnnotations _annotations;
    private readonly int _diseaseCount;
    private readonly float _commonAncestorWeight;
    private readonly float _noise;

    // observed-feature postings: for term c, the diseases with P(c|d) > 0, sorted by disease index
    private readonly int[] _postStart;
    private readonly int[] _postDisease;
    private readonly float[] _postRatio; // P(c|d) / P(c|other)
    private readonly bool[] _postDirect; // the disease carries c itself
    // excluded-feature postings: diseases where a frequent feature lies at or below the term
    private readonly int[] _exStart;
    private readonly int[] _exDisease;
    private readonly float[] _exLog10; // log10(1 - P_frequent(x|d))
    // NOT annotations: term → diseases that do not show it
    private readonly int[] _notStart;
    private readonly int[] _notDisease;
    private readonly double[] _background;
    private readonly float[] _diseaseNoise;
    private readonly float[] _diseaseScale; // feature-list size correction of the ratios
    private readonly float[] _floor; // LR of a finding that meets the disease only through broad terms
    private readonly float[] _floorLog10;
    // broad terms (shown by more than half of the diseases) only count where the disease carries them itself
    private readonly bool[] _isBroad;
    private readonly int[] _directStart;
    private readonly int[] _directDisease;
    private readonly float[] _directRatio; // per disease: share of features unrelated to it (noise + annotation gaps)
    private readonly float[] _ic;
    private readonly int[] _onsetMask; // per disease: bit mask of its annotated onset bands (AgeOfOnset)
    private readonly float[] _femaleLog10; // per disease: the evidence of the patient being female (X-linked recessive, Y-linked)
    private readonly IReadOnlyList<DiseaseFeature>[] _features; // per disease: the features scored (own, or pooled with equivalents)

    /// <summary>Terms at least this common across diseases are too broad to count as a match unless carried directly.</summary>
    private const double BroadTermBackground = 0.5;

    [ThreadStatic]
    private static Scratch? t_scratch;

    public DifferentialDiagnosis(DiseaseAnnotations annotations, ScoringSettings? settings = null)
    {
        _annotations = annotations;
        _ontology = annotations.Ontology;
        Settings = settings ?? ScoringSettings.Default;
        _diseaseCount = annotations.Count;
        _commonAncestorWeight = (float)Settings.CommonAncestorWeight;
        _noise = (float)Settings.NoiseRate;
        _ic = annotations.InformationContent.Select(x => (float)x).ToArray();

        var termCount = _ontology.Count;
        var s = Settings;
        var entries = new List<(int Term, int Disease, float P, float PFrequent, bool Direct)>(annotations.Count * 160);
        var absent = new List<(int Term, int Disease)>();
        var notPresent = new double[termCount]; // Π(1 - f) over features at or below the term
        var notFrequent = new double[termCount];
        var direct = new bool[termCount];
        var touched = new List<int>();
        var withFeatures = 0;
        _features = annotations.Diseases.Select(d => s.PoolEquivalents > 0 ? Pooled(d, annotations) : d.Features).ToArray();
        foreach (var d in annotations.Diseases)
        {
            if (_features[d.Index].Count > 0)
            {
                withFeatures++;
            }
            foreach (var f in _features[d.Index])
            {
                var known = FrequencyOf(f, s);
                var freq = Math.Min(known ?? s.UnknownFrequency, s.MaxFeatureProbability);
                var freqFrequent = known is { } k && k >= s.ExcludedMinFrequency ? k : 0.0;
                direct[f.Term] = true;
                foreach (var a in _ontology.AncestorsOf(f.Term))
                {
                    if (notPresent[a] == 0)
                    {
                        notPresent[a] = 1;
                        notFrequent[a] = 1;
                        touched.Add(a);
                    }
                    notPresent[a] *= 1 - freq;
                    notFrequent[a] *= 1 - freqFrequent;
                }
            }
            foreach (var t in touched)
            {
                var p = Math.Min(1 - notPresent[t], s.MaxFeatureProbability);
                entries.Add((t, d.Index, (float)p, (float)Math.Min(1 - notFrequent[t], s.ExcludedMaxProbability), direct[t]));
                notPresent[t] = 0;
                notFrequent[t] = 0;
            }
            foreach (var f in _features[d.Index])
            {
                direct[f.Term] = false;
            }
            touched.Clear();
            foreach (var f in d.AbsentFeatures)
            {
                absent.Add((f.Term, d.Index));
            }
        }

        _diseaseNoise = new float[_diseaseCount];
        foreach (var d in annotations.Diseases)
        {
            var k = s.AnnotationGapFeatures;
            _diseaseNoise[d.Index] = (float)(s.NoiseRate + ((1 - s.NoiseRate) * (k > 0 ? k / (k + _features[d.Index].Count) : 0)));
        }

        _diseaseScale = new float[_diseaseCount];
        var masses = annotations.Diseases.Select(d => _features[d.Index].Sum(f => Math.Min(FrequencyOf(f, s) ?? s.UnknownFrequency, s.MaxFeatureProbability))).ToArray();
        var typical = masses.Where(m => m > 0).Order().ElementAtOrDefault(masses.Count(m => m > 0) / 2);
        for (var d = 0; d < _diseaseCount; d++)
        {
            _diseaseScale[d] = masses[d] > 0 && typical > 0 ? (float)Math.Pow(typical / masses[d], s.FeatureCountExponent) : 1f;
        }

        _background = new double[termCount];
        var diseaseList = annotations.Diseases;
        var omimOnly = s.OmimBackground > 0 && diseaseList.Any(d => d.Database == "OMIM" && _features[d.Index].Count > 0);
        foreach (var e in entries)
        {
            if (omimOnly && diseaseList[e.Disease].Database != "OMIM")
            {
                continue;
            }
            _background[e.Term] += s.BackgroundByCount > 0 ? 1 : e.P;
        }
        var n = Math.Max(1, omimOnly ? diseaseList.Count(d => d.Database == "OMIM" && _features[d.Index].Count > 0) : withFeatures);
        for (var t = 0; t < termCount; t++)
        {
            _background[t] = Math.Max(_background[t], 0.5) / n;
        }

        entries.Sort((a, b) => a.Term != b.Term ? a.Term.CompareTo(b.Term) : a.Disease.CompareTo(b.Disease));
        _postStart = new int[termCount + 1];
        _postDisease = new int[entries.Count];
        _postRatio = new float[entries.Count];
        _postDirect = new bool[entries.Count];
        var exList = new List<(int Term, int Disease, float Log)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            _postStart[e.Term + 1]++;
            _postDisease[i] = e.Disease;
            _postRatio[i] = (float)(e.P / _background[e.Term]);
            _postDirect[i] = e.Direct;
            if (e.PFrequent > 0)
            {
                exList.Add((e.Term, e.Disease, (float)Math.Log10(1 - e.PFrequent)));
            }
        }
        for (var t = 0; t < termCount; t++)
        {
            _postStart[t + 1] += _postStart[t];
        }
        (_exStart, _exDisease, _exLog10) = BuildPostings(termCount, exList);

        _isBroad = new bool[termCount];
        for (var t = 0; t < termCount; t++)
        {
            _isBroad[t] = _background[t] >= BroadTermBackground;
        }
        var directList = new List<(int Term, int Disease, float Value)>();
        for (var t = 0; t < termCount; t++)
        {
            for (var i = _postStart[t]; i < _postStart[t + 1]; i++)
            {
                if (_postDirect[i])
                {
                    directList.Add((t, _postDisease[i], _postRatio[i]));
                }
            }
        }
        (_directStart, _directDisease, _directRatio) = BuildPostings(termCount, directList);
        _floor = new float[_diseaseCount];
        _floorLog10 = new float[_diseaseCount];
        for (var d = 0; d < _diseaseCount; d++)
        {
            var noise = _diseaseNoise[d];
            // a finding unrelated to every informative feature still meets the disease at the root
            var root = _ontology.Root >= 0 ? FindPosting(_ontology.Root, d) : -1;
            var rootRatio = root >= 0 ? _postRatio[root] : 0f;
            _floor[d] = noise + ((1 - noise) * _commonAncestorWeight * rootRatio * _diseaseScale[d]);
            _floorLog10[d] = MathF.Log10(_floor[d]);
        }
        _onsetMask = annotations.Diseases.Select(d => AgeOfOnset.MaskOf(d.ClinicalCourse)).ToArray();
        _femaleLog10 = new float[_diseaseCount];
        foreach (var d in annotations.Diseases)
        {
            _femaleLog10[d.Index] = (float)FemaleLog10(d, s);
        }
        (_notStart, _notDisease, _) = BuildPostings(termCount, absent.Select(a => (a.Term, a.Disease, 0f)).OrderBy(a => a.Term).ThenBy(a => a.Disease).ToList());
    }

    public ScoringSettings Settings { get; }

    /// <summary>The patient's age-of-onset bands (<see cref="AgeOfOnset.MaskOf"/>), 0 when unknown or when onset is not scored.</summary>
    private int OnsetMaskOf(ResolvedFindings findings) =>
        findings.Onset is { } onset && Settings.OnsetMismatchRatio is > 0 and < 1 ? AgeOfOnset.MaskOf([onset]) : 0;

    /// <summary>log10 likelihood ratio of the patient's onset bands under the disease (0 when either is not known, or they are near).</summary>
    private double OnsetLog10(int patientMask, int disease) =>
        patientMask == 0 || _onsetMask[disease] == 0 || AgeOfOnset.Compatible(patientMask, _onsetMask[disease]) ? 0 : Math.Log10(Settings.OnsetMismatchRatio);

    private static bool IsFemale(ResolvedFindings findings) => string.Equals(findings.Sex, "FEMALE", StringComparison.OrdinalIgnoreCase);

    /// <summary>X-linked recessive (HPO HP:0001419).</summary>
    public const string XLinkedRecessive = "HP:0001419";
    /// <summary>Y-linked (HPO HP:0001450).</summary>
    public const string YLinked = "HP:0001450";

    /// <summary>
    /// log10 likelihood ratio of a female patient under the disease: only for diseases whose every annotated mode of
    /// inheritance is X-linked recessive or Y-linked (a disease also annotated autosomal or X-linked dominant is neutral).
    /// </summary>
    private static double FemaleLog10(Disease d, ScoringSettings s)
    {
        if (d.Inheritance.Count == 0 || s.XLinkedRecessiveFemaleRatio >= 1 || s.XLinkedRecessiveFemaleRatio <= 0)
        {
            return 0;
        }
        if (d.Inheritance.All(i => i == YLinked))
        {
            return 2 * Math.Log10(s.XLinkedRecessiveFemaleRatio);
        }
        return d.Inheritance.All(i => i is XLinkedRecessive or YLinked) ? Math.Log10(s.XLinkedRecessiveFemaleRatio) : 0;
    }

    /// <summary>
    /// The disease's own features plus those of its equivalents in other databases that it does not list itself
    /// (their frequencies where its own row gives none).
    /// </summary>
    private static IReadOnlyList<DiseaseFeature> Pooled(Disease d, DiseaseAnnotations annotations)
    {
        var equivalents = annotations.EquivalentsOf(d);
        if (equivalents.Count == 0)
        {
            return d.Features;
        }
        var byTerm = d.Features.ToDictionary(f => f.Term);
        var absent = d.AbsentFeatures.Select(f => f.Term).ToHashSet();
        foreach (var other in equivalents)
        {
            foreach (var f in other.Features)
            {
                if (absent.Contains(f.Term))
                {
                    continue;
                }
                if (!byTerm.TryGetValue(f.Term, out var own))
                {
                    byTerm[f.Term] = f;
                }
                else if (!own.HasKnownFrequency && f.HasKnownFrequency)
                {
                    byTerm[f.Term] = f;
                }
            }
        }
        return [.. byTerm.Values.OrderBy(f => f.Term)];
    }

    /// <summary>The frequency used for scoring: counts n/m smoothed with the pseudo-count, other frequencies as given.</summary>
    internal static double? FrequencyOf(DiseaseFeature f, ScoringSettings s) =>
        f.Denominator > 0
            ? (f.Numerator + s.CountPseudoCount) / (f.Denominator + (2 * s.CountPseudoCount))
            : f.Frequency;

    public DiseaseAnnotations Annotations => _annotations;

    /// <summary>P(term | other diseases), the background rate of a feature.</summary>
    public double BackgroundOf(int term) => _background[term];

    private static (int[] Start, int[] Disease, float[] Value) BuildPostings(int termCount, List<(int Term, int Disease, float Value)> sorted)
    {
        var start = new int[termCount + 1];
        var disease = new int[sorted.Count];
        var value = new float[sorted.Count];
        for (var i = 0; i < sorted.Count; i++)
        {
            start[sorted[i].Term + 1]++;
            disease[i] = sorted[i].Disease;
            value[i] = sorted[i].Value;
        }
        for (var t = 0; t < termCount; t++)
        {
            start[t + 1] += start[t];
        }
        return (start, disease, value);
    }

    private sealed class Scratch(int diseases)
    {
        public readonly double[] Total = new double[diseases];
        public readonly double[] Similarity = new double[diseases];
        public readonly float[] TermRatio = new float[diseases];
        public readonly float[] TermIc = new float[diseases];
        public readonly bool[] Absent = new bool[diseases];
        public readonly int[] Touched = new int[diseases];
    }

    private Scratch GetScratch()
    {
        var s = t_scratch;
        if (s is null || s.Total.Length != _diseaseCount)
        {
            s = new Scratch(_diseaseCount);
            t_scratch = s;
        }
        return s;
    }

    /// <summary>Scores every disease; fills the thread's scratch totals (score and similarity per disease).</summary>
    private Scratch ScoreAll(ResolvedFindings findings)
    {
        var sc = GetScratch();
        var total = sc.Total;
        Array.Clear(total);
        Array.Clear(sc.Similarity);
        var dropImplied = Settings.DropImpliedFindings > 0;
        var floorWeight = 0.0; // every finding adds weight · floor(d) to every disease; done once at the end
        foreach (var q in findings.Observed)
        {
            if (dropImplied && findings.Observed.Any(o => o != q && _ontology.IsAncestorOrSelf(q, o)))
            {
                continue;
            }
            AddFinding(q, 1f, sc, true);
            floorWeight += 1;
        }
        var relevance = (float)Settings.ExcludedRelevanceWeight;
        if (relevance > 0)
        {
            foreach (var x in findings.Excluded)
            {
                AddFinding(x, relevance, sc, false);
                floorWeight += relevance;
            }
        }
        foreach (var x in findings.Excluded)
        {
            for (var i = _exStart[x]; i < _exStart[x + 1]; i++)
            {
                total[_exDisease[i]] += _exLog10[i];
            }
        }
        if (floorWeight > 0)
        {
            for (var d = 0; d < total.Length; d++)
            {
                total[d] += floorWeight * _floorLog10[d];
            }
        }
        if (IsFemale(findings))
        {
            for (var d = 0; d < total.Length; d++)
            {
                total[d] += _femaleLog10[d];
            }
        }
        // the patient's onset bands once per query; each disease then only compares masks
        if (OnsetMaskOf(findings) is var onsetMask and not 0)
        {
            for (var d = 0; d < total.Length; d++)
            {
                total[d] += OnsetLog10(onsetMask, d);
            }
        }
        var simWeight = Settings.SimilarityWeight;
        if (simWeight != 0)
        {
            for (var d = 0; d < total.Length; d++)
            {
                total[d] += simWeight * sc.Similarity[d];
            }
        }
        return sc;
    }

    /// <summary>
    /// Adds one finding's log10 likelihood ratio, relative to the disease's floor (no informative match), to the
    /// diseases that match it through the term or an informative ancestor. Broad ancestors (shown by most diseases)
    /// only count where a disease carries them itself.
    /// </summary>
    private void AddFinding(int q, float weight, Scratch sc, bool isObserved)
    {
        var gamma = _commonAncestorWeight;
        var ratio = sc.TermRatio;
        var icBest = sc.TermIc;
        var touched = sc.Touched;
        var count = 0;
        var anyAbsent = false;
        var hasNot = isObserved && _notDisease.Length > 0;
        foreach (var c in _ontology.AncestorsOf(q))
        {
            var ic = _ic[c];
            if (_isBroad[c])
            {
                for (var i = _directStart[c]; i < _directStart[c + 1]; i++)
                {
                    var d = _directDisease[i];
                    var v = _directRatio[i];
                    if (ratio[d] == 0)
                    {
                        touched[count++] = d;
                    }
                    if (v > ratio[d])
                    {
                        ratio[d] = v;
                    }
                    if (ic > icBest[d])
                    {
                        icBest[d] = ic;
                    }
                }
            }
            else
            {
                var exact = c == q;
                for (int i = _postStart[c], end = _postStart[c + 1]; i < end; i++)
                {
                    var d = _postDisease[i];
                    var v = exact || _postDirect[i] ? _postRatio[i] : gamma * _postRatio[i];
                    if (ratio[d] == 0)
                    {
                        touched[count++] = d;
                    }
                    if (v > ratio[d])
                    {
                        ratio[d] = v;
                    }
                    if (ic > icBest[d])
                    {
                        icBest[d] = ic;
                    }
                }
            }
            if (hasNot)
            {
                for (var i = _notStart[c]; i < _notStart[c + 1]; i++)
                {
                    sc.Absent[_notDisease[i]] = true;
                    anyAbsent = true;
                }
            }
        }
        var total = sc.Total;
        var similarity = sc.Similarity;
        for (var k = 0; k < count; k++)
        {
            var d = touched[k];
            var lr = LikelihoodRatio(d, ratio[d]);
            total[d] += weight * (MathF.Log10(lr) - _floorLog10[d]);
            if (isObserved)
            {
                similarity[d] += icBest[d];
            }
            ratio[d] = 0;
            icBest[d] = 0;
        }
        if (anyAbsent)
        {
            var penalty = Math.Log10(Settings.AbsentFeatureRatio);
            var absent = sc.Absent;
            for (var d = 0; d < absent.Length; d++)
            {
                if (absent[d])
                {
                    total[d] += penalty;
                    absent[d] = false;
                }
            }
        }
    }

    /// <summary>The finding's likelihood ratio from its best match ratio: noise mixture, size correction, floor.</summary>
    private float LikelihoodRatio(int disease, float matchRatio)
    {
        var noise = _diseaseNoise[disease];
        var lr = noise + ((1 - noise) * matchRatio * _diseaseScale[disease]);
        var floor = _floor[disease];
        return lr > floor ? lr : floor;
    }

    /// <summary>Ranks the diseases for the findings (ids are resolved, alt_ids and obsolete ids mapped).</summary>
    public Differential Rank(PatientFindings findings, RankingRequest? request = null) => Rank(findings.Resolve(_ontology), request);

    /// <summary>Ranks the diseases for already resolved findings.</summary>
    public Differential Rank(ResolvedFindings findings, RankingRequest? request = null)
    {
        request ??= new RankingRequest();
        var sc = ScoreAll(findings);
        var total = sc.Total;
        var sim = sc.Similarity;
        var diseases = _annotations.Diseases;
        var top = Math.Max(0, request.Top);
        var heap = new PriorityQueue<int, int>(top + 1, Comparer<int>.Create((a, b) => -Compare(a, b)));
        // the heap keeps the worst of the current best at its head
        var max = double.NegativeInfinity;
        var considered = 0;
        for (var d = 0; d < total.Length; d++)
        {
            if (request.Databases is { } dbs && !dbs.Contains(diseases[d].Database))
            {
                continue;
            }
            considered++;
            if (total[d] > max)
            {
                max = total[d];
            }
            if (top == 0)
            {
                continue;
            }
            if (heap.Count < top)
            {
                heap.Enqueue(d, d);
            }
            else if (Compare(d, heap.Peek()) < 0)
            {
                heap.EnqueueDequeue(d, d);
            }
        }
        // probability-like score: softmax of the summed log10 ratios over the candidates considered
        var temperature = Settings.ProbabilityTemperature;
        var norm = 0.0;
        for (var d = 0; d < total.Length; d++)
        {
            if (request.Databases is { } dbs && !dbs.Contains(diseases[d].Database))
            {
                continue;
            }
            norm += Math.Pow(10, (total[d] - max) / temperature);
        }
        var best = new int[heap.Count];
        for (var i = best.Length - 1; i >= 0; i--)
        {
            best[i] = heap.Dequeue();
        }
        var candidates = new Candidate[best.Length];
        for (var i = 0; i < best.Length; i++)
        {
            var d = best[i];
            candidates[i] = new Candidate(diseases[d], i + 1, total[d], Math.Pow(10, (total[d] - max) / temperature) / norm, sim[d]);
        }
        return new Differential(findings, candidates, considered);

        int Compare(int a, int b)
        {
            // better first: higher score, then higher similarity, then the id (deterministic, last resort)
            var c = total[b].CompareTo(total[a]);
            if (c != 0)
            {
                return c;
            }
            c = sim[b].CompareTo(sim[a]);
            return c != 0 ? c : string.CompareOrdinal(diseases[a].Id, diseases[b].Id);
        }
    }

    /// <summary>
    /// Where a known diagnosis lands for the findings, among the diseases of <paramref name="databases"/>
    /// (null: all): its 1-based rank (0 when the disease is not annotated or filtered out), how many
    /// candidates above it have exactly its score, and the probability-like scores of the truth and of the top candidate.
    /// Used to measure accuracy on cases with confirmed diagnoses.
    /// </summary>
    public TruthPlacement Place(ResolvedFindings findings, string diseaseId, IReadOnlySet<string>? databases = null)
    {
        var sc = ScoreAll(findings);
        var diseases = _annotations.Diseases;
        var target = _annotations.Find(diseaseId);
        var max = double.NegativeInfinity;
        for (var d = 0; d < sc.Total.Length; d++)
        {
            if ((databases is null || databases.Contains(diseases[d].Database)) && sc.Total[d] > max)
            {
                max = sc.Total[d];
            }
        }
        var temperature = Settings.ProbabilityTemperature;
        var norm = 0.0;
        for (var d = 0; d < sc.Total.Length; d++)
        {
            if (databases is null || databases.Contains(diseases[d].Database))
            {
                norm += Math.Pow(10, (sc.Total[d] - max) / temperature);
            }
        }
        var topProbability = norm > 0 ? 1 / norm : 0;
        if (target is null || (databases is not null && !databases.Contains(target.Database)))
        {
            return new TruthPlacement(0, 0, 0, topProbability);
        }
        var t = target.Index;
        var rank = 1;
        var tied = 0;
        for (var d = 0; d < sc.Total.Length; d++)
        {
            if (d == t || (databases is not null && !databases.Contains(diseases[d].Database)))
            {
                continue;
            }
            var c = sc.Total[d].CompareTo(sc.Total[t]);
            if (c == 0)
            {
                c = sc.Similarity[d].CompareTo(sc.Similarity[t]);
                if (c == 0)
                {
                    c = -string.CompareOrdinal(diseases[d].Id, target.Id);
                }
                if (c > 0)
                {
                    tied++;
                }
            }
            if (c > 0)
            {
                rank++;
            }
        }
        return new TruthPlacement(rank, tied, Math.Pow(10, (sc.Total[t] - max) / temperature) / norm, topProbability);
    }

    /// <summary>Explains a candidate: which patient feature matched which disease feature, what did not match, what is missing.</summary>
    public CandidateExplanation Explain(ResolvedFindings findings, Candidate candidate)
    {
        var d = candidate.Disease;
        var features = _features[d.Index]; // with the features of equivalent entries when pooled
        var matches = new List<FeatureMatch>();
        var unmatched = new List<FeatureMatch>();
        foreach (var q in findings.Observed)
        {
            var bestRatio = 0f;
            var bestC = -1;
            foreach (var c in _ontology.AncestorsOf(q))
            {
                var i = FindPosting(c, d.Index);
                if (i < 0 || (_isBroad[c] && !_postDirect[i]))
                {
                    continue;
                }
                var v = c == q || _postDirect[i] ? _postRatio[i] : _commonAncestorWeight * _postRatio[i];
                if (v > bestRatio || (v == bestRatio && bestC >= 0 && _ic[c] > _ic[bestC]))
                {
                    bestRatio = v;
                    bestC = c;
                }
            }
            var log = Math.Log10(LikelihoodRatio(d.Index, bestRatio));
            if (bestC < 0)
            {
                unmatched.Add(new FeatureMatch(_ontology[q].Id, "", "", MatchKind.CommonAncestor, log));
                continue;
            }
            // the disease feature behind the match
            DiseaseFeature? feature;
            MatchKind kind;
            if (bestC == q)
            {
                feature = features.Where(f => _ontology.IsAncestorOrSelf(q, f.Term)).OrderByDescending(f => f.Term == q).ThenByDescending(f => f.Frequency ?? Settings.UnknownFrequency).FirstOrDefault();
                kind = feature?.Term == q ? MatchKind.Exact : MatchKind.DiseaseMoreSpecific;
            }
            else
            {
                feature = features.FirstOrDefault(f => f.Term == bestC);
                kind = MatchKind.PatientMoreSpecific;
                if (feature is null)
                {
                    feature = features.Where(f => _ontology.IsAncestorOrSelf(bestC, f.Term)).OrderByDescending(f => _ic[f.Term]).FirstOrDefault();
                    kind = MatchKind.CommonAncestor;
                }
            }
            var match = new FeatureMatch(_ontology[q].Id, feature?.TermId ?? "", _ontology[bestC].Id, kind, log);
            if (log > 0)
            {
                matches.Add(match);
            }
            else
            {
                unmatched.Add(match);
            }
        }
        var excluded = new List<ExcludedEvidence>();
        foreach (var x in findings.Excluded)
        {
            for (var i = _exStart[x]; i < _exStart[x + 1]; i++)
            {
                if (_exDisease[i] == d.Index)
                {
                    var feature = features.Where(f => _ontology.IsAncestorOrSelf(x, f.Term)).OrderByDescending(f => f.Frequency ?? 0).First();
                    excluded.Add(new ExcludedEvidence(_ontology[x].Id, feature.TermId, feature.Frequency, _exLog10[i]));
                }
            }
        }
        var absentInPatient = features
            .Where(f => !findings.Observed.Any(q => _ontology.IsAncestorOrSelf(q, f.Term) || _ontology.IsAncestorOrSelf(f.Term, q)))
            .OrderByDescending(f => f.Frequency ?? Settings.UnknownFrequency)
            .ThenByDescending(f => _ic[f.Term])
            .ToList();
        var alsoFrom = Settings.PoolEquivalents > 0 ? _annotations.EquivalentsOf(d).Select(e => e.Id).ToArray() : [];
        var sex = IsFemale(findings) ? _femaleLog10[d.Index] : 0.0;
        return new CandidateExplanation(candidate, matches, unmatched, excluded, absentInPatient, alsoFrom, sex, OnsetLog10(OnsetMaskOf(findings), d.Index));
    }

    private int FindPosting(int term, int disease)
    {
        var start = _postStart[term];
        var i = Array.BinarySearch(_postDisease, start, _postStart[term + 1] - start, disease);
        return i >= 0 ? i : -1;
    }
}
