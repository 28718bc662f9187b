#!/usr/bin/perl
# Checks an agent journal (FILE, its rotated files FILE.<stamp>, and FILE.state): sequence numbers
# whole and unrepeated, each listener's events alternating opened/closed and each finding's
# raised/resolved, and the journal replayed equal to the state the agent saved (listeners and
# findings). Prints one line per problem and a summary; exits 1 on any problem.
# Usage: journal-check.pl JOURNAL
use strict;
use warnings;
use JSON::PP;

my ($journal) = @ARGV;
die "usage: journal-check.pl JOURNAL\n" unless defined $journal;
my ($dir, $base) = $journal =~ m{^(.*)/([^/]+)$} ? ($1, $2) : (".", $journal);
opendir my $d, $dir or die "$dir: $!\n";
my @files = sort grep { /^\Q$base\E\.\d/ } readdir $d;
closedir $d;
# Streamed, file by file in rotation order: the agent appends events in sequence order, so a long
# soak's journal is checked in constant memory.
my ($n, $torn, $checkpoints, $bad, $seq_broken, %open, %raised, %count) = (0, 0, 0, 0, 0);
my $json = JSON::PP->new;
# a listener's stable identity, as the agent pairs them: its stable name where known, else the executable
sub identity {
    my ($l) = @_;
    my $server = defined $l->{name} && $l->{name} ne "" ? $l->{name} : $l->{executable};
    return join "|", $l->{protocol}, $l->{exposure}, $l->{port}, $server;
}
for my $f ((map { "$dir/$_" } @files), $journal) {
    next unless -e $f;
    open my $h, "<", $f or die "$f: $!";
    while (my $line = <$h>) {
        my $e = eval { $json->decode($line) };
        unless ($e) { $torn++; next }
        if ($e->{checkpoint}) { $checkpoints++; next }  # the agent's signed word, not an event: 'journal verify' checks it
        if ($e->{seq} != $n + 1 && !$seq_broken) {
            print "journal: event $n has seq $e->{seq}, expected ", $n + 1, "\n";
            $bad++;
            $seq_broken = 1;
        }
        $n++;
        my $l = $e->{listener};
        my $id = identity($l);
        my $ev = $e->{event};
        $count{$ev}++;
        if ($ev eq "listener-opened") {
            $bad++, print "journal: $id opened twice (seq $e->{seq})\n" if $open{$id}++;
        } elsif ($ev eq "listener-closed") {
            $bad++, print "journal: $id closed while not open (seq $e->{seq})\n" unless delete $open{$id};
        } elsif ($ev eq "finding-raised") {
            my $fp = $e->{finding}{fingerprint};
            $bad++, print "journal: finding $fp raised twice (seq $e->{seq})\n" if $raised{$fp}++;
        } elsif ($ev eq "finding-resolved") {
            my $fp = $e->{finding}{fingerprint};
            $bad++, print "journal: finding $fp resolved while not raised (seq $e->{seq})\n" unless delete $raised{$fp};
        }
    }
}
open my $s, "<", "$journal.state" or die "no state file: $!";
my $state = $json->decode(do { local $/; <$s> });
my %final = map { identity($_) => 1 } @{ $state->{listeners} };
my %final_findings = map { $_->{finding}{fingerprint} => 1 } @{ $state->{findings} };
for my $pair ([\%open, \%final, "listeners"], [\%raised, \%final_findings, "findings"]) {
    my ($replayed, $saved, $what) = @$pair;
    my @missing = grep { !$saved->{$_} } keys %$replayed;
    my @extra = grep { !$replayed->{$_} } keys %$saved;
    if (@missing || @extra) {
        printf "journal: replay and final state differ in %s: %d only in the replay, %d only in the state\n",
            $what, scalar @missing, scalar @extra;
        $bad++;
    }
}
if ($state->{seq} != $n) { print "journal: state is at seq $state->{seq} but the journal has $n events\n"; $bad++ }
printf "journal: %d events and %d checkpoints in %d files (%s), %d torn lines; %s\n", $n, $checkpoints,
    @files + 1, join(", ", map { "$_ $count{$_}" } sort keys %count), $torn,
    $bad ? "$bad problems" : "none lost or doubled, replay equals the final state";
exit($bad ? 1 : 0);
