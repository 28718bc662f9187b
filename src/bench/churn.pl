#!/usr/bin/perl
# Churn fixture: a host where listeners and their processes come and go all the time, on loopback
# only. RATE short-lived processes are started per second; each binds one to three listeners
# (TCP on 127.0.0.1, TCP on ::1, UDP on 127.0.0.1), renames itself "churn PORT..." after the ports
# it holds, lives 0.1 to 1.5 s and exits. One more process ("churn-self") opens a listener and
# closes its oldest every 10 ms, holding about 50. With a TAG the names are "churnTAG PORT..." and
# "churnTAG-self", so that a test can tell its own from another fixture's. Prints "ready PID
# SELF_PID" once running; stops by itself after LIFETIME seconds (children end within 1.5 s, the
# churn-self process with it). SIGTERM stops it at once with every process it started (its own
# process group).
# Usage: churn.pl RATE LIFETIME [TAG]      e.g. churn.pl 200 1800
use strict;
use warnings;
use IO::Socket::INET;
use Socket qw(AF_INET6 SOCK_STREAM SOL_SOCKET SO_REUSEADDR pack_sockaddr_in6 inet_pton unpack_sockaddr_in6);
use POSIX ();
use Time::HiRes qw(time sleep);

my ($rate, $lifetime, $tag) = @ARGV;
die "usage: churn.pl RATE LIFETIME [TAG]\n" unless defined $lifetime && $rate > 0 && $rate <= 2000 && $lifetime > 0;
$tag //= '';
die "churn.pl: TAG is letters and digits\n" unless $tag =~ /^[A-Za-z0-9]*$/;
$| = 1;
$SIG{CHLD} = 'IGNORE';    # children are reaped by the kernel
my $end = time + $lifetime;
my $parent = $$;
setpgrp(0, 0);
$SIG{TERM} = sub { $SIG{TERM} = 'IGNORE'; kill 'KILL', -$parent; POSIX::_exit(0) };

sub tcp4 {
    return IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 8, Proto => 'tcp');
}

sub udp4 {
    return IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Proto => 'udp');
}

sub tcp6 {
    socket(my $s, AF_INET6, SOCK_STREAM, 0) or return;
    bind($s, pack_sockaddr_in6(0, inet_pton(AF_INET6, '::1'))) or return;
    listen($s, 8) or return;
    return $s;
}

sub port_of {
    my ($s) = @_;
    return $s->can('sockport') && $s->sockdomain != AF_INET6 ? $s->sockport : (unpack_sockaddr_in6(getsockname($s)))[0];
}

my $self = fork() // die "fork: $!";
if ($self == 0) {
    $0 = "churn$tag-self";
    my @held;
    while (time < $end && getppid() == $parent) {
        my $s = tcp4();
        push @held, $s if $s;
        shift @held while @held > 50;
        sleep 0.01;
    }
    POSIX::_exit(0);
}

print "ready $$ $self\n";
my @makers = (\&tcp4, \&tcp6, \&udp4);
while (time < $end) {
    my $pid = fork();
    if (defined $pid && $pid == 0) {
        my @held;
        for (0 .. int(rand(3))) {
            my $s = $makers[int(rand(@makers))]->() or next;
            push @held, $s;
        }
        $0 = "churn$tag " . join(' ', map { port_of($_) } @held);
        sleep 0.1 + rand(1.4);
        POSIX::_exit(0);
    }
    sleep 1 / $rate;
}
kill 'KILL', $self;
sleep 1.6;    # the last children exit by themselves
