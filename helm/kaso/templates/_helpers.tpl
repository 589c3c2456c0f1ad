{{/* The chart's name, or nameOverride. */}}
{{- define "kaso.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of the release's objects: fullnameOverride, or the release name when it already contains the chart's
name, or "<release>-<name>". Trimmed to 63 characters (DNS label).
*/}}
{{- define "kaso.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* "<fullname>-<suffix>", still a DNS label. */}}
{{- define "kaso.suffixedName" -}}
{{- printf "%s-%s" (include "kaso.fullname" .root | trunc (int (sub 62 (len .suffix))) | trimSuffix "-") .suffix }}
{{- end }}

{{/* Chart name and version, as the helm.sh/chart label wants them. */}}
{{- define "kaso.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object of the release. */}}
{{- define "kaso.labels" -}}
helm.sh/chart: {{ include "kaso.chart" . }}
{{ include "kaso.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the operator's pods; never change them (a Deployment's selector is immutable). */}}
{{- define "kaso.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kaso.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount the operator runs as. */}}
{{- define "kaso.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kaso.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Leader election is needed as soon as more than one replica runs; it can also be forced on. */}}
{{- define "kaso.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicas) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{/* Whether a PodDisruptionBudget is rendered: the value when set, else only with more than one replica. */}}
{{- define "kaso.pdbEnabled" -}}
{{- $enabled := .Values.podDisruptionBudget.enabled }}
{{- if kindIs "invalid" $enabled }}
{{- $enabled = gt (int .Values.replicas) 1 }}
{{- end }}
{{- if $enabled }}true{{ end }}
{{- end }}

{{/*
RBAC rules the operator needs in every namespace it watches: its API calls on its own resources, the target
Secrets and Events always; ServiceAccount tokens (spec.aws.serviceAccountName) only with rbac.serviceAccountTokens;
reading the workloads always (the operator looks for the workloads to restart whenever a Secret's data changes) and
patching them (the restart) only with rbac.rollouts. Nothing watches workloads, so there is no watch on them.
*/}}
{{- define "kaso.namespacedRules" -}}
- apiGroups: ["kaso.io"]
  resources: ["externalparameters", "externalsecrets"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["kaso.io"]
  resources: ["externalparameters/status", "externalsecrets/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- if .Values.rbac.serviceAccountTokens }}
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["serviceaccounts/token"]
  verbs: ["create"]
{{- end }}
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets", "daemonsets"]
  verbs: {{ if .Values.rbac.rollouts }}["get", "list", "patch"]{{ else }}["get", "list"]{{ end }}
{{- end }}
